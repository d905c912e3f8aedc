//! Paging whole lists over HTTP: the catalogue's cursors keep the format clients already
//! hold, and the feeds page through every entry exactly once.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{cursor, with};
use crate::helpers::{TestApp, spawn_app};

/// Every item of a list read one per page, following `next_cursor`.
async fn one_by_one(app: &TestApp, path: &str, token: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut next = with(path, "limit", "1");
    for _ in 0..50 {
        let page = app.get(&next, Some(token)).await;
        assert_eq!(page.status, 200, "{next}: {:?}", page.json);
        let got = page.json["items"].as_array().expect("items").clone();
        assert!(got.len() <= 1, "{next}: one item per page");
        items.extend(got);
        match page.json["next_cursor"].as_str() {
            Some(cursor) => next = with(&with(path, "limit", "1"), "cursor", cursor),
            None => return items,
        }
    }
    panic!("{path}: paging does not end");
}

/// The whole list in one page.
async fn whole(app: &TestApp, path: &str, token: &str) -> Vec<Value> {
    let page = app.get(&with(path, "limit", "100"), Some(token)).await;
    assert_eq!(page.status, 200, "{path}: {:?}", page.json);
    assert_eq!(page.json["next_cursor"], Value::Null, "{path}");
    page.json["items"].as_array().expect("items").clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_the_catalogue_keeps_the_cursor_format_clients_already_hold() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Организатор").await;
    for title in ["Первый", "Второй", "Третий"] {
        app.approved_project(&admin, &organizer, &json!({ "title": title }))
            .await;
    }
    let path = "/api/v1/projects?";

    // Act
    let first = app
        .get(&with(path, "limit", "1"), Some(&organizer.token))
        .await;
    let seen = one_by_one(&app, path, &organizer.token).await;
    let all = whole(&app, path, &organizer.token).await;

    // Assert: the cursor is base64url of `created_at micros:id` of the page's last item
    assert_eq!(first.status, 200, "{:?}", first.json);
    let item = &first.json["items"][0];
    let created: DateTime<Utc> = item["created_at"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .expect("created_at");
    let id = item["id"].as_str().expect("id");
    let expected = cursor(&format!("{}:{id}", created.timestamp_micros()));
    assert_eq!(first.json["next_cursor"], json!(expected));
    assert_eq!(all.len(), 3);
    assert_eq!(seen, all, "every project once, newest first");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_the_activity_feed_and_the_rating_history_visits_every_entry_once() {
    // Arrange
    let app = spawn_app().await;
    let story = app.core_story().await;
    let approved = app
        .approve(
            &story.organizer.token,
            &story.report,
            &json!({ "stars": 5 }),
        )
        .await;
    assert_eq!(approved.status, 200, "{:?}", approved.json);
    let (_, second) = app
        .task_and_report(&story.organizer, &story.volunteer, &story.project, 2)
        .await;
    let approved = app
        .approve(&story.organizer.token, &second, &json!({ "stars": 4 }))
        .await;
    assert_eq!(approved.status, 200, "{:?}", approved.json);
    let token = &story.volunteer.token;

    for path in ["/api/v1/me/activity?", "/api/v1/me/rating-history?"] {
        // Act
        let seen = one_by_one(&app, path, token).await;
        let all = whole(&app, path, token).await;

        // Assert
        assert!(all.len() >= 2, "{path}: more than one page: {all:?}");
        assert_eq!(seen, all, "{path}: every entry once, in order");
    }
}
