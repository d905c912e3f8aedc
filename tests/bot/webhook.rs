//! Webhook mode: `serve` registers the webhook with its secret token and serves the route; a
//! post without the right `X-Telegram-Bot-Api-Secret-Token` is refused, a right one is handled.

use birqadam::app::Workers;
use birqadam::settings::Secret;

use super::support::says;
use crate::helpers::bot::{PATIENCE, TOKEN};
use crate::helpers::spawn_app_with;
use crate::helpers::telegram::FakeBotApi;
use crate::helpers::telegram::updates::TgUser;

#[tokio::test(flavor = "multi_thread")]
async fn the_webhook_checks_the_secret_token_and_hands_updates_to_the_bot() {
    let fake = FakeBotApi::start().await;
    let url = fake.url().to_owned();
    let app = spawn_app_with(
        |s| {
            s.telegram_bot_token = Some(Secret::new(TOKEN.to_owned()));
            s.telegram_api_url = Some(url);
            s.telegram_webhook_url = Some("https://bot.birqadam.kz/telegram/hook-7f3a".to_owned());
            s.telegram_webhook_secret = Some(Secret::new("right-secret".to_owned()));
        },
        Workers::ALL,
    )
    .await;
    let set = fake.calls_of("setwebhook");
    assert_eq!(set.len(), 1, "the webhook is registered");
    assert_eq!(set[0].params["secret_token"], "right-secret");

    let user = TgUser::new(9301, "Hooked");
    let mut update = user.text(1, "/start");
    update["update_id"] = serde_json::json!(1);
    let hook = format!("{}/telegram/hook-7f3a", app.address);
    let wrong = app
        .client
        .post(&hook)
        .header("X-Telegram-Bot-Api-Secret-Token", "wrong")
        .json(&update)
        .send()
        .await
        .expect("the post is sent");
    assert_eq!(wrong.status(), 401);
    let missing = app
        .client
        .post(&hook)
        .json(&update)
        .send()
        .await
        .expect("the post is sent");
    assert_eq!(missing.status(), 401);
    assert!(
        fake.calls_of("sendmessage").is_empty(),
        "refused posts reach no handler"
    );

    let right = app
        .client
        .post(&hook)
        .header("X-Telegram-Bot-Api-Secret-Token", "right-secret")
        .json(&update)
        .send()
        .await
        .expect("the post is sent");
    assert_eq!(right.status(), 200);
    fake.wait_for(PATIENCE, |calls| {
        calls
            .iter()
            .any(|c| c.chat_id() == Some(user.id) && c.text().contains(&says("start.welcome")))
    })
    .await;
}
