//! Refresh tokens: rotation, reuse revoking the family, logout, unknown tokens.

use serde_json::json;

use super::refresh;
use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refreshing_rotates_the_refresh_token_and_the_new_access_token_works() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;

    // Act
    let reply = refresh(&app, &me.refresh).await;

    // Assert
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let tokens = &reply.json["tokens"];
    let next = tokens["refresh_token"]
        .as_str()
        .expect("a new refresh token");
    assert_ne!(next, me.refresh, "the refresh token rotates");
    assert_eq!(tokens["token_type"], json!("Bearer"));
    assert!(tokens["expires_in"].as_u64().is_some_and(|s| s > 0));
    let access = tokens["access_token"].as_str().expect("an access token");
    let who = app.get("/api/v1/me", Some(access)).await;
    assert_eq!(who.status, 200, "{:?}", who.json);
    assert_eq!(who.json["id"], json!(me.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reused_refresh_token_revokes_its_whole_family() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let first = refresh(&app, &me.refresh).await;
    assert_eq!(first.status, 200, "{:?}", first.json);
    let second_token = first.json["tokens"]["refresh_token"]
        .as_str()
        .expect("rotated token")
        .to_owned();
    let second = refresh(&app, &second_token).await;
    assert_eq!(second.status, 200, "{:?}", second.json);
    let newest = second.json["tokens"]["refresh_token"]
        .as_str()
        .expect("rotated token")
        .to_owned();

    // Act
    let replayed = refresh(&app, &me.refresh).await;
    let newest_after = refresh(&app, &newest).await;

    // Assert
    assert_problem(&replayed, 401, "auth.refresh_reused");
    assert_problem(&newest_after, 401, "auth.refresh_reused");
    let email = me.account["email"].as_str().expect("e-mail");
    let other_session = app.login(email, "password123").await;
    let other = refresh(&app, &other_session.refresh).await;
    assert_eq!(other.status, 200, "another login's family is untouched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_logout_the_refresh_token_stops_working() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;

    // Act
    let logout = app
        .post(
            "/api/v1/auth/logout",
            &json!({"refresh_token": me.refresh}),
            Some(&me.token),
        )
        .await;
    let after = refresh(&app, &me.refresh).await;

    // Assert
    assert_eq!(logout.status, 204, "{:?}", logout.json);
    assert_problem(&after, 401, "auth.invalid_token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_refresh_token_is_refused() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let reply = refresh(&app, "not-a-token-we-issued").await;

    // Assert
    assert_problem(&reply, 401, "auth.invalid_token");
}
