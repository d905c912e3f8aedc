//! Push-notification devices.

use serde_json::json;

use crate::helpers::requests::{assert_field_error, assert_problem};
use crate::helpers::spawn_app;

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
