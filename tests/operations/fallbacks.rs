//! Unknown paths and wrong methods answer with problem JSON.

use serde_json::json;

use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_path_is_a_404_problem() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let api = app.get("/api/v1/no-such-thing", None).await;
    let root = app.get("/no-such-thing", None).await;

    // Assert
    assert_problem(&api, 404, "not_found");
    assert_problem(&root, 404, "not_found");
    assert_eq!(api.json["title"], json!("Не найдено"), "Russian by default");
    assert!(api.json["type"].as_str().is_some());
    assert!(api.json["detail"].as_str().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_method_is_a_405_problem() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let reply = app.get("/api/v1/auth/register", None).await;

    // Assert
    assert_problem(&reply, 405, "method_not_allowed");
}
