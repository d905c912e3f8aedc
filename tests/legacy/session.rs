//! Registration, login and the profile, as the app sends them.

use serde_json::json;

use super::{
    app_get, app_login, app_post, app_register, app_send, assert_app_error, assert_legacy_json,
    assert_user_model, registration_body,
};
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_as_the_app_does_answers_tokens_and_the_user_model() {
    let app = spawn_app().await;
    let email = format!("{}@test.kz", uuid::Uuid::new_v4().simple());

    let reply = app_post(
        &app,
        "/custom-admin/api/register/",
        &registration_body(&email),
        None,
    )
    .await;

    assert_eq!(reply.status, 201, "{:?}", reply.json);
    assert_legacy_json(&reply);
    assert!(reply.json["access"].is_string());
    assert!(reply.json["refresh"].is_string());
    let user = &reply.json["user"];
    assert_user_model(user);
    assert_eq!(user["email"], email.as_str());
    assert_eq!(user["username"], email.as_str());
    assert_eq!(user["name"], "Алия Нурланова");
    assert_eq!(user["phone"], "+77012345678");
    assert_eq!(user["role"], "volunteer");
    assert_eq!(user["is_approved"], true);
    assert_eq!(user["rating"], 0);
    // one log, two doors: the same account through /api/v1
    let access = reply.json["access"].as_str().expect("access");
    let me = app.get("/api/v1/me", Some(access)).await;
    assert_eq!(me.status, 200, "{:?}", me.json);
    assert_eq!(me.json["email"], email.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_with_two_different_passwords_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let mut body = registration_body("mismatch@test.kz");
    body["password2"] = json!("password124");
    let before = app.total_events().await;

    let reply = app_post(&app, "/custom-admin/api/register/", &body, None).await;

    assert_app_error(&reply, 422, "validation.failed");
    assert!(
        reply.json["errors"]["password2"].is_array(),
        "{:?}",
        reply.json
    );
    assert_eq!(app.total_events().await, before);
    let again = app_post(&app, "/custom-admin/api/register/", &body, None).await;
    assert_app_error(&again, 422, "validation.failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_a_taken_email_is_the_same_409_as_in_api_v1() {
    let app = spawn_app().await;
    let (email, _) = app_register(&app).await;

    let reply = app_post(
        &app,
        "/custom-admin/api/v1/register/",
        &registration_body(&email),
        None,
    )
    .await;

    assert_app_error(&reply, 409, "account.email_taken");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logging_in_with_the_email_as_username_answers_tokens_and_the_user_model() {
    let app = spawn_app().await;
    let (email, registered) = app_register(&app).await;

    let session = app_login(&app, &email).await;

    assert_user_model(&session.user);
    assert_eq!(session.user["id"], registered.user["id"]);
    let wrong = app_post(
        &app,
        "/custom-admin/api/login/",
        &json!({"username": email, "password": "wrong-password"}),
        None,
    )
    .await;
    assert_app_error(&wrong, 401, "auth.invalid_credentials");
    assert_eq!(wrong.json["error"], "Неверный логин или пароль");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_profile_reads_and_updates_under_both_prefixes() {
    let app = spawn_app().await;
    let (email, session) = app_register(&app).await;
    let token = Some(session.access.as_str());

    for path in [
        "/custom-admin/api/profile/",
        "/custom-admin/api/v1/profile/",
    ] {
        let reply = app_get(&app, path, token).await;
        assert_eq!(reply.status, 200, "{path}: {:?}", reply.json);
        assert_legacy_json(&reply);
        assert_user_model(&reply.json);
        assert_eq!(reply.json["id"], session.user["id"]);
    }
    let patch = json!({"name": "Алия Серикова", "email": email});
    let reply = app_send(
        &app,
        reqwest::Method::PATCH,
        "/custom-admin/api/v1/profile/",
        Some(&patch),
        token,
    )
    .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_user_model(&reply.json);
    assert_eq!(reply.json["name"], "Алия Серикова");
    let me = app.get("/api/v1/me", token).await;
    assert_eq!(me.json["name"], "Алия Серикова");

    let bad = json!({"name": "", "email": "not-an-email"});
    let reply = app_send(
        &app,
        reqwest::Method::PATCH,
        "/custom-admin/api/v1/profile/",
        Some(&bad),
        token,
    )
    .await;
    assert_app_error(&reply, 422, "validation.failed");
    let anonymous = app_get(&app, "/custom-admin/api/profile/", None).await;
    assert_app_error(&anonymous, 401, "auth.required");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_as_an_organizer_applies_and_the_app_sees_an_organizer_awaiting_approval() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut body = registration_body("organizer@test.kz");
    body["role"] = json!("organizer");
    let mut nameless = body.clone();
    nameless["email"] = json!("nameless@test.kz");
    body["organization_name"] = json!("Таза Алматы");
    let before = app.total_events().await;

    let refused = app_post(&app, "/custom-admin/api/register/", &nameless, None).await;
    let events_after_refusal = app.total_events().await;
    let reply = app_post(&app, "/custom-admin/api/register/", &body, None).await;

    assert_app_error(&refused, 422, "validation.failed");
    assert!(refused.json["errors"]["organization_name"].is_array());
    assert_eq!(events_after_refusal, before, "a refusal changes nothing");
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let user = &reply.json["user"];
    assert_user_model(user);
    assert_eq!(
        user["role"], "organizer",
        "the app shows its organizer screens"
    );
    assert_eq!(
        user["is_approved"], false,
        "awaiting an admin, as on the old server"
    );
    assert_eq!(user["is_organizer"], false);
    let queue = app
        .get("/api/v1/admin/organizer-applications", Some(&admin.token))
        .await;
    let listed = queue.json["items"]
        .as_array()
        .and_then(|l| l.iter().find(|a| a["organization_name"] == "Таза Алматы"))
        .cloned()
        .expect("the application is in the admins' queue");
    assert_eq!(listed["status"], "pending", "{listed}");
}
