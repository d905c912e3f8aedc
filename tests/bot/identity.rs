//! Identity through the bot: only one's own contact, a verified phone, and no silent link of an
//! account whose phone was only typed (decision 0022).

use serde_json::json;

use super::support::{account_with_phone, link_code, register, says};
use crate::helpers::bot::{PATIENCE, button, spawn_bot};
use crate::helpers::telegram::updates::TgUser;

#[tokio::test(flavor = "multi_thread")]
async fn a_shared_contact_of_ones_own_registers_an_account_with_a_verified_phone_and_channel_bot() {
    let world = spawn_bot().await;
    let user = TgUser::new(5001, "Aigerim");
    world.send(user.text(1, "/start"));
    let welcome = world
        .reply_containing(user.id, &says("start.welcome"))
        .await;
    assert_eq!(
        welcome.params["reply_markup"]["keyboard"][0][0]["request_contact"],
        true
    );
    let account = register(&world, &user, "+77011234567", 2).await;
    let (verified, linked): (bool, bool) =
        sqlx::query_as("select phone_verified, telegram_linked from accounts_view where id = $1")
            .bind(account)
            .fetch_one(&world.app.pool)
            .await
            .expect("the account row");
    assert!(verified && linked);
    let metadata: serde_json::Value = sqlx::query_scalar(
        "select metadata from events where event_type = 'AccountRegistered' and aggregate_id = $1",
    )
    .bind(account.to_string())
    .fetch_one(&world.app.pool)
    .await
    .expect("the registration event");
    assert_eq!(metadata["channel"], "bot");
    assert_eq!(metadata["actor_id"], account.to_string());
}

#[tokio::test(flavor = "multi_thread")]
async fn someone_elses_contact_is_refused_and_nothing_is_appended() {
    let world = spawn_bot().await;
    let user = TgUser::new(5002, "Daniyar");
    let before = world.app.total_events().await;
    world.send(user.contact(1, "+77017654321", Some(9999)));
    world
        .reply_containing(user.id, &says("contact.not_yours"))
        .await;
    world.send(user.contact(2, "+77017654321", None));
    world
        .fake
        .wait_for(PATIENCE, |calls| {
            calls
                .iter()
                .filter(|c| {
                    c.chat_id() == Some(user.id) && c.text().contains(&says("contact.not_yours"))
                })
                .count()
                == 2
        })
        .await;
    assert_eq!(world.app.total_events().await, before);
    assert_eq!(account_with_phone(&world, "+77017654321").await, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn another_persons_contact_never_links_an_app_account_whose_phone_was_only_typed() {
    let world = spawn_bot().await;
    let app_user = world.app.volunteer("App Owner").await;
    let reply = world
        .app
        .patch(
            "/api/v1/me",
            &json!({"phone": "8 701 123 45 67"}),
            Some(&app_user.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let before = world.app.total_events().await;
    let stranger = TgUser::new(5003, "Stranger");
    world.send(stranger.contact(1, "+77011234567", Some(stranger.id)));
    let prompt = world
        .reply_containing(stranger.id, &says("contact.unverified_claim"))
        .await;
    assert!(button(&prompt, &says("contact.take_number")).starts_with("v1:"));
    assert_eq!(
        world.app.total_events().await,
        before,
        "a contact alone changes nothing"
    );
    let linked: bool =
        sqlx::query_scalar("select telegram_linked from accounts_view where id = $1::uuid")
            .bind(&app_user.id)
            .fetch_one(&world.app.pool)
            .await
            .expect("the app account");
    assert!(!linked);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_accounts_owner_links_with_a_code_and_gets_one_account_with_a_verified_phone() {
    let world = spawn_bot().await;
    let app_user = world.app.volunteer("App Owner").await;
    let reply = world
        .app
        .patch(
            "/api/v1/me",
            &json!({"phone": "8 701 123 45 67"}),
            Some(&app_user.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let owner = TgUser::new(5004, "Owner");
    world.send(owner.contact(1, "+77011234567", Some(owner.id)));
    world
        .reply_containing(owner.id, &says("contact.unverified_claim"))
        .await;
    let code = link_code(&world, &app_user).await;
    world.send(owner.text(2, &format!("/link {code}")));
    world
        .reply_containing(owner.id, &says("contact.linked"))
        .await;
    let rows: Vec<(String, bool, bool)> = sqlx::query_as(
        "select id::text, phone_verified, telegram_linked from accounts_view where phone = '+77011234567'",
    )
    .fetch_all(&world.app.pool)
    .await
    .expect("accounts with the phone");
    assert_eq!(rows, vec![(app_user.id.clone(), true, true)]);
    // the code is used up
    world.send(owner.text(3, &format!("/link {code}")));
    world
        .reply_containing(owner.id, &says("link.bad_code"))
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_verified_owner_takes_the_number_and_the_app_account_keeps_its_other_data() {
    let world = spawn_bot().await;
    let app_user = world.app.volunteer("Typed It").await;
    let reply = world
        .app
        .patch(
            "/api/v1/me",
            &json!({"phone": "8 701 123 45 67"}),
            Some(&app_user.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let owner = TgUser::new(5005, "Real Owner");
    world.send(owner.contact(1, "+77011234567", Some(owner.id)));
    let prompt = world
        .reply_containing(owner.id, &says("contact.unverified_claim"))
        .await;
    world.send(owner.callback("q1", 1, &button(&prompt, &says("contact.take_number"))));
    world
        .reply_containing(owner.id, &says("contact.registered"))
        .await;
    let new_account = account_with_phone(&world, "+77011234567")
        .await
        .expect("the owner's account");
    assert_ne!(new_account.to_string(), app_user.id);
    let (phone, email, name): (Option<String>, Option<String>, String) =
        sqlx::query_as("select phone, email, name from accounts_view where id = $1::uuid")
            .bind(&app_user.id)
            .fetch_one(&world.app.pool)
            .await
            .expect("the app account");
    assert_eq!(phone, None);
    assert!(email.is_some());
    assert_eq!(name, "Typed It");
}
