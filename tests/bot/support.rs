//! Shared steps of the bot scenarios.

use birqadam_domain::values::Language;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::bot::BotWorld;
use crate::helpers::fixtures::Session;
use crate::helpers::telegram::updates::TgUser;

/// The fixed part of a bot text in Russian (up to its first placeholder), to find a reply by.
pub fn says(code: &'static str) -> String {
    let text = birqadam_texts::bot_text(code, Language::Ru);
    text.split('{').next().unwrap_or(text).trim().to_owned()
}

/// Links `user`'s Telegram to the app account `session` with `/link CODE`.
pub async fn link_by_code(world: &BotWorld, session: &Session, user: &TgUser, message_id: i64) {
    let code = link_code(world, session).await;
    world.send(user.text(message_id, &format!("/link {code}")));
    world
        .reply_containing(user.id, &says("contact.linked"))
        .await;
}

/// A fresh `/link` code of `session` from the API.
pub async fn link_code(world: &BotWorld, session: &Session) -> String {
    let reply = world
        .app
        .post(
            "/api/v1/me/telegram-link-code",
            &json!({}),
            Some(&session.token),
        )
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    reply.json["code"].as_str().expect("a code").to_owned()
}

/// Registers `user` through the bot by sharing their own contact `phone`; returns the account.
pub async fn register(world: &BotWorld, user: &TgUser, phone: &str, message_id: i64) -> Uuid {
    world.send(user.contact(message_id, phone, Some(user.id)));
    world
        .reply_containing(user.id, &says("contact.registered"))
        .await;
    account_with_phone(world, phone)
        .await
        .expect("the registered account")
}

/// The account holding the E.164 `phone`, as the view has it.
pub async fn account_with_phone(world: &BotWorld, phone: &str) -> Option<Uuid> {
    sqlx::query_scalar("select id from accounts_view where phone = $1")
        .bind(phone)
        .fetch_optional(&world.app.pool)
        .await
        .expect("reading accounts_view")
}

/// How many events of `event_type` carry channel `bot` in their metadata.
pub async fn bot_events(world: &BotWorld, event_type: &str) -> i64 {
    sqlx::query_scalar(
        "select count(*) from events where event_type = $1 and metadata->>'channel' = 'bot'",
    )
    .bind(event_type)
    .fetch_one(&world.app.pool)
    .await
    .expect("counting events")
}
