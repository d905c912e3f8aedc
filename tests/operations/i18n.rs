//! Problem titles and field error messages follow Accept-Language.

use reqwest::Method;
use reqwest::header::CONTENT_LANGUAGE;
use serde_json::json;

use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn problem_titles_follow_accept_language() {
    // Arrange
    let app = spawn_app().await;
    let app = &app;
    let ask = |language: &'static str| async move {
        app.send_raw(
            Method::GET,
            "/api/v1/no-such-thing",
            &[("accept-language", language)],
            None,
        )
        .await
    };

    // Act
    let kk = ask("kk").await;
    let en = ask("en-US,en;q=0.9").await;
    let unknown = ask("de").await;

    // Assert
    assert_problem(&kk, 404, "not_found");
    assert_eq!(kk.json["title"], json!("Табылмады"));
    assert_eq!(
        kk.headers
            .get(CONTENT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
        Some("kk")
    );
    assert_eq!(en.json["title"], json!("Not found"));
    assert_eq!(unknown.json["title"], json!("Не найдено"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn field_error_messages_follow_accept_language() {
    // Arrange
    let app = spawn_app().await;
    let body = serde_json::to_vec(&json!({"name": "A", "email": "a@test.kz", "password": "short"}))
        .expect("JSON");
    let app = &app;
    let send = |language: &'static str| {
        let body = body.clone();
        async move {
            app.send_raw(
                Method::POST,
                "/api/v1/auth/register",
                &[
                    ("content-type", "application/json"),
                    ("accept-language", language),
                ],
                Some(body),
            )
            .await
        }
    };

    // Act
    let kk = send("kk").await;
    let en = send("en").await;

    // Assert
    assert_problem(&kk, 422, "validation.failed");
    assert_problem(&en, 422, "validation.failed");
    assert_eq!(kk.json["title"], json!("Деректерді тексеру қатесі"));
    let kk_message = &kk.json["errors"][0]["message"];
    let en_message = &en.json["errors"][0]["message"];
    assert!(kk_message.as_str().is_some_and(|m| !m.is_empty()));
    assert_ne!(kk_message, en_message, "the message is translated");
}
