//! The app keeps its first refresh token (auth_provider.dart:306-328 reads only `access`):
//! legacy refresh tokens do not rotate, logout and admins revoke them, `/api/v1` is unchanged.

use birqadam_commands::CommandContext;
use birqadam_domain::{Actor, Channel, Role};
use serde_json::json;

use super::{app_get, app_login, app_post, app_register, assert_app_error, assert_legacy_json};
use crate::helpers::spawn_app;

const REFRESH: &str = "/custom-admin/api/token/refresh/";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_refreshes_with_the_first_refresh_token_keep_the_user_logged_in() {
    let app = spawn_app().await;
    let (email, _) = app_register(&app).await;
    let session = app_login(&app, &email).await;
    let body = json!({"refresh": session.refresh});

    for n in 0..10 {
        let reply = app_post(&app, REFRESH, &body, None).await;
        assert_eq!(reply.status, 200, "refresh {n}: {:?}", reply.json);
        assert_legacy_json(&reply);
        let keys: Vec<&String> = reply.json.as_object().expect("an object").keys().collect();
        assert_eq!(keys, ["access"], "only `access` is answered");
        let access = reply.json["access"].as_str().expect("access");
        let profile = app_get(&app, "/custom-admin/api/profile/", Some(access)).await;
        assert_eq!(profile.status, 200, "refresh {n}: {:?}", profile.json);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_refresh_token_of_a_registration_keeps_working_too() {
    let app = spawn_app().await;
    let (_, session) = app_register(&app).await;
    let body = json!({"refresh": session.refresh});
    for _ in 0..3 {
        let reply = app_post(&app, "/custom-admin/api/v1/token/refresh/", &body, None).await;
        assert_eq!(reply.status, 200, "{:?}", reply.json);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logging_out_revokes_the_legacy_refresh_token() {
    let app = spawn_app().await;
    let (email, _) = app_register(&app).await;
    let session = app_login(&app, &email).await;

    let out = app
        .post(
            "/api/v1/auth/logout",
            &json!({"refresh_token": session.refresh}),
            None,
        )
        .await;
    assert_eq!(out.status, 204, "{:?}", out.json);

    let reply = app_post(&app, REFRESH, &json!({"refresh": session.refresh}), None).await;
    assert_app_error(&reply, 401, "auth.invalid_token");
    // and through the door's own logout
    let second = app_login(&app, &email).await;
    let out = app_post(
        &app,
        "/custom-admin/api/logout/",
        &json!({"refresh": second.refresh}),
        None,
    )
    .await;
    assert_eq!(out.status, 204, "{:?}", out.json);
    let reply = app_post(&app, REFRESH, &json!({"refresh": second.refresh}), None).await;
    assert_app_error(&reply, 401, "auth.invalid_token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_revokes_every_session_of_an_account_and_nobody_else_may() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (email, _) = app_register(&app).await;
    let session = app_login(&app, &email).await;
    let account = app
        .commands
        .verify_access(&session.access)
        .expect("a valid access token")
        .sub;
    let as_of = |actor: Actor| CommandContext {
        actor,
        channel: Channel::Api,
        request_id: None,
        idempotency_key: None,
    };

    let volunteer = as_of(Actor::account(account, [Role::Volunteer]));
    assert!(
        app.commands
            .revoke_sessions(&volunteer, account)
            .await
            .is_err()
    );
    let body = json!({"refresh": session.refresh});
    assert_eq!(app_post(&app, REFRESH, &body, None).await.status, 200);

    let admin_id = app
        .commands
        .verify_access(&admin.token)
        .expect("admin token")
        .sub;
    let by_admin = as_of(Actor::account(admin_id, [Role::Admin]));
    let revoked = app
        .commands
        .revoke_sessions(&by_admin, account)
        .await
        .expect("an admin may");
    assert_eq!(revoked, 2, "the registration's and the login's sessions");
    let reply = app_post(&app, REFRESH, &body, None).await;
    assert_app_error(&reply, 401, "auth.invalid_token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_door_refuses_the_other_doors_refresh_tokens_and_v1_still_rotates() {
    let app = spawn_app().await;
    let (email, legacy) = app_register(&app).await;
    let v1 = app.login(&email, "password123").await;

    let reply = app_post(&app, REFRESH, &json!({"refresh": v1.refresh}), None).await;
    assert_app_error(&reply, 401, "auth.invalid_token");
    let reply = app
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": legacy.refresh}),
            None,
        )
        .await;
    assert_eq!(reply.status, 401, "{:?}", reply.json);
    assert_eq!(reply.code(), "auth.invalid_token");
    // the legacy token is untouched by the refused attempt
    let reply = app_post(&app, REFRESH, &json!({"refresh": legacy.refresh}), None).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);

    let rotated = app
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": v1.refresh}),
            None,
        )
        .await;
    assert_eq!(rotated.status, 200, "{:?}", rotated.json);
    assert_ne!(rotated.json["tokens"]["refresh_token"], v1.refresh.as_str());
    let reused = app
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": v1.refresh}),
            None,
        )
        .await;
    assert_eq!(reused.status, 401, "{:?}", reused.json);
    assert_eq!(reused.code(), "auth.refresh_reused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_route_revokes_every_session_of_a_person_and_only_admins_may_call_it() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (email, first) = app_register(&app).await;
    let second = app_login(&app, &email).await;
    let v1 = app.login(&email, "password123").await;
    let id = &v1.id;
    let path = format!("/api/v1/admin/accounts/{id}/revoke-sessions");

    let by_self = app.post(&path, &json!({}), Some(&v1.token)).await;
    let unknown = app
        .post(
            &format!(
                "/api/v1/admin/accounts/{}/revoke-sessions",
                uuid::Uuid::new_v4()
            ),
            &json!({}),
            Some(&admin.token),
        )
        .await;
    let still = app_post(&app, REFRESH, &json!({"refresh": first.refresh}), None).await;
    let revoked = app.post(&path, &json!({}), Some(&admin.token)).await;

    assert_eq!(by_self.status, 403, "{:?}", by_self.json);
    assert_eq!(unknown.status, 404, "{:?}", unknown.json);
    assert_eq!(still.status, 200, "nothing was revoked by the refusals");
    assert_eq!(revoked.status, 200, "{:?}", revoked.json);
    assert_eq!(
        revoked.json["revoked"], 3,
        "two app sessions and one /api/v1 session"
    );
    for refresh in [&first.refresh, &second.refresh] {
        let reply = app_post(&app, REFRESH, &json!({"refresh": refresh}), None).await;
        assert_app_error(&reply, 401, "auth.invalid_token");
    }
    let rotated = app
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": v1.refresh}),
            None,
        )
        .await;
    assert_eq!(rotated.status, 401, "{:?}", rotated.json);
}
