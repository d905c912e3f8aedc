//! `/api/v1/me*`: profile changes with unique e-mail and phone, Telegram link codes, devices.

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::helpers::fixtures::Session;
use crate::helpers::requests::{assert_field_error, assert_problem, registration};
use crate::helpers::{TestApp, spawn_app};

async fn register(app: &TestApp, name: &str, email: &str, phone: Option<&str>) -> Session {
    let reply = app.register(&registration(name, email, phone)).await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    app.login(email, "password123").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patching_me_changes_name_and_language() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    assert_eq!(me.account["language"], json!("ru"));

    // Act
    let patched = app
        .patch(
            "/api/v1/me",
            &json!({"name": "Айгерим Сапарова", "language": "kk"}),
            Some(&me.token),
        )
        .await;
    let read = app.get("/api/v1/me", Some(&me.token)).await;

    // Assert
    assert_eq!(patched.status, 200, "{:?}", patched.json);
    assert_eq!(patched.json["name"], json!("Айгерим Сапарова"));
    assert_eq!(patched.json["language"], json!("kk"));
    assert_eq!(patched.json["email"], me.account["email"], "untouched");
    assert_eq!(read.json, patched.json);
    assert_eq!(app.count_events("ProfileUpdated").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patching_me_with_invalid_values_is_422_and_changes_nothing() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let before = app.total_events().await;

    // Act
    let language = app
        .patch("/api/v1/me", &json!({"language": "fr"}), Some(&me.token))
        .await;
    let phone = app
        .patch(
            "/api/v1/me",
            &json!({"name": "New", "phone": "+7 701"}),
            Some(&me.token),
        )
        .await;
    let email = app
        .patch("/api/v1/me", &json!({"email": "nope"}), Some(&me.token))
        .await;

    // Assert
    assert_field_error(&language, "language", "invalid");
    assert_field_error(&phone, "phone", "invalid_phone");
    assert_field_error(&email, "email", "invalid_email");
    assert_eq!(app.total_events().await, before);
    let read = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(read.json["name"], json!("Айгерим"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taking_someone_elses_phone_is_409_and_changes_nothing() {
    // Arrange
    let app = spawn_app().await;
    let _owner = register(&app, "Owner", "owner@test.kz", Some("+7 701 123 45 67")).await;
    let me = register(&app, "Айгерим", "aigerim@test.kz", Some("87021234567")).await;
    let before = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(before.json["phone"], json!("+77021234567"));

    // Act
    let reply = app
        .patch(
            "/api/v1/me",
            &json!({"name": "Renamed", "email": "fresh@test.kz", "phone": "8 (701) 123-45-67"}),
            Some(&me.token),
        )
        .await;

    // Assert
    assert_problem(&reply, 409, "account.phone_taken");
    let after = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(after.json, before.json, "nothing changed");
    assert_eq!(app.count_events("ProfileUpdated").await, 0);
    let fresh = app
        .register(&registration("Other", "fresh@test.kz", None))
        .await;
    assert_eq!(
        fresh.status, 201,
        "the e-mail claimed during the failed change was released: {:?}",
        fresh.json
    );
    let owner_login = app
        .post(
            "/api/v1/auth/login",
            &json!({"login": "87011234567", "password": "password123"}),
            None,
        )
        .await;
    assert_eq!(owner_login.json["account"]["email"], json!("owner@test.kz"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taking_someone_elses_email_is_409() {
    // Arrange
    let app = spawn_app().await;
    let _owner = register(&app, "Owner", "owner@test.kz", None).await;
    let me = register(&app, "Айгерим", "aigerim@test.kz", None).await;

    // Act
    let reply = app
        .patch(
            "/api/v1/me",
            &json!({"email": "OWNER@test.kz"}),
            Some(&me.token),
        )
        .await;

    // Assert
    assert_problem(&reply, 409, "account.email_taken");
    let after = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(after.json["email"], json!("aigerim@test.kz"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_email_frees_the_old_one() {
    // Arrange
    let app = spawn_app().await;
    let me = register(&app, "Айгерим", "old@test.kz", None).await;

    // Act
    let patched = app
        .patch(
            "/api/v1/me",
            &json!({"email": "New@Test.kz"}),
            Some(&me.token),
        )
        .await;
    let newcomer = app
        .register(&registration("Newcomer", "old@test.kz", None))
        .await;

    // Assert
    assert_eq!(patched.status, 200, "{:?}", patched.json);
    assert_eq!(patched.json["email"], json!("new@test.kz"));
    assert_eq!(newcomer.status, 201, "{:?}", newcomer.json);
    assert_ne!(newcomer.json["account"]["id"], json!(me.id));
    let by_new = app.login("new@test.kz", "password123").await;
    assert_eq!(by_new.id, me.id);
    let by_old = app.login("old@test.kz", "password123").await;
    assert_eq!(by_old.account["name"], json!("Newcomer"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_phone_frees_the_old_one() {
    // Arrange
    let app = spawn_app().await;
    let me = register(&app, "Айгерим", "aigerim@test.kz", Some("87011234567")).await;

    // Act
    let patched = app
        .patch(
            "/api/v1/me",
            &json!({"phone": "7021234567"}),
            Some(&me.token),
        )
        .await;
    let newcomer = app
        .register(&registration(
            "Newcomer",
            "new@test.kz",
            Some("+77011234567"),
        ))
        .await;

    // Assert
    assert_eq!(patched.status, 200, "{:?}", patched.json);
    assert_eq!(patched.json["phone"], json!("+77021234567"));
    assert_eq!(newcomer.status, 201, "{:?}", newcomer.json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_telegram_link_code_has_six_digits_and_lives_ten_minutes() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;

    // Act
    let reply = app
        .post("/api/v1/me/telegram-link-code", &json!({}), Some(&me.token))
        .await;

    // Assert
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let code = reply.json["code"].as_str().expect("a code");
    assert_eq!(code.len(), 6, "{code}");
    assert!(code.chars().all(|c| c.is_ascii_digit()), "{code}");
    let expires_at: DateTime<Utc> = reply.json["expires_at"]
        .as_str()
        .expect("expires_at")
        .parse()
        .expect("RFC 3339");
    let ahead = expires_at - Utc::now();
    assert!(
        ahead > chrono::Duration::seconds(570) && ahead <= chrono::Duration::seconds(600),
        "expires in ~10 minutes, got {ahead}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_telegram_link_code_replaces_the_first() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let first = app
        .post("/api/v1/me/telegram-link-code", &json!({}), Some(&me.token))
        .await;
    assert_eq!(first.status, 201, "{:?}", first.json);

    // Act
    let second = app
        .post("/api/v1/me/telegram-link-code", &json!({}), Some(&me.token))
        .await;

    // Assert
    assert_eq!(second.status, 201, "{:?}", second.json);
    let unused: Vec<String> = sqlx::query_scalar(
        "select code from telegram_link_codes where account_id = $1::uuid and used_at is null",
    )
    .bind(&me.id)
    .fetch_all(&app.pool)
    .await
    .expect("reading link codes");
    assert_eq!(
        unused,
        vec![second.json["code"].as_str().expect("code").to_owned()]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_is_registered_and_removed_once() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let body = json!({"token": "fcm-token-1", "platform": "android"});

    // Act
    let registered = app.post("/api/v1/me/devices", &body, Some(&me.token)).await;
    let again = app.post("/api/v1/me/devices", &body, Some(&me.token)).await;
    let stored: i64 =
        sqlx::query_scalar("select count(*) from devices where account_id = $1::uuid")
            .bind(&me.id)
            .fetch_one(&app.pool)
            .await
            .expect("counting devices");
    let deleted = app
        .delete("/api/v1/me/devices/fcm-token-1", Some(&me.token))
        .await;
    let deleted_again = app
        .delete("/api/v1/me/devices/fcm-token-1", Some(&me.token))
        .await;

    // Assert
    assert_eq!(registered.status, 204, "{:?}", registered.json);
    assert_eq!(again.status, 204, "registering twice is harmless");
    assert_eq!(stored, 1);
    assert_eq!(deleted.status, 204, "{:?}", deleted.json);
    assert_problem(&deleted_again, 404, "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_accounts_device_is_not_found_and_a_bad_platform_is_422() {
    // Arrange
    let app = spawn_app().await;
    let owner = app.volunteer("Owner").await;
    let me = app.volunteer("Айгерим").await;
    let reply = app
        .post(
            "/api/v1/me/devices",
            &json!({"token": "owner-token", "platform": "ios"}),
            Some(&owner.token),
        )
        .await;
    assert_eq!(reply.status, 204);

    // Act
    let foreign = app
        .delete("/api/v1/me/devices/owner-token", Some(&me.token))
        .await;
    let bad_platform = app
        .post(
            "/api/v1/me/devices",
            &json!({"token": "t", "platform": "windows-phone"}),
            Some(&me.token),
        )
        .await;

    // Assert
    assert_problem(&foreign, 404, "not_found");
    assert_field_error(&bad_platform, "platform", "invalid");
    let owner_devices: i64 =
        sqlx::query_scalar("select count(*) from devices where account_id = $1::uuid")
            .bind(&owner.id)
            .fetch_one(&app.pool)
            .await
            .expect("counting devices");
    assert_eq!(owner_devices, 1, "the owner's device survives");
}
