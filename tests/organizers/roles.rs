//! Role grants by admins.

use serde_json::json;

use crate::helpers::requests::assert_field_error;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_grants_the_auditor_role() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = app.volunteer("Айгерим").await;

    // Act
    let granted = app
        .post(
            &format!("/api/v1/admin/accounts/{}/roles", me.id),
            &json!({"add": ["auditor"]}),
            Some(&admin.token),
        )
        .await;
    let unknown_role = app
        .post(
            &format!("/api/v1/admin/accounts/{}/roles", me.id),
            &json!({"add": ["superuser"]}),
            Some(&admin.token),
        )
        .await;

    // Assert
    assert_eq!(granted.status, 200, "{:?}", granted.json);
    let roles = granted.json["roles"].as_array().expect("roles");
    assert!(roles.contains(&json!("auditor")), "{roles:?}");
    let own = app.get("/api/v1/me", Some(&me.token)).await;
    assert!(
        own.json["roles"]
            .as_array()
            .expect("roles")
            .contains(&json!("auditor"))
    );
    assert_field_error(&unknown_role, "add", "invalid");
    assert_eq!(app.count_events("RoleGranted").await, 1);
}
