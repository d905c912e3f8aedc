//! Keyset paging over HTTP: every list pages with the same rules, the cursors keep the format
//! they always had, and a bad cursor or limit is refused and changes nothing.

use base64::Engine as _;

use crate::helpers::requests::{assert_field_error, assert_problem};
use crate::helpers::spawn_app;

mod walks;

/// A cursor as clients have always received it: base64url (no padding) of `raw`.
pub(super) fn cursor(raw: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

/// `path` (which has a query already) with `&name=value` appended.
pub(super) fn with(path: &str, name: &str, value: &str) -> String {
    format!("{path}&{name}={value}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_list_refuses_a_malformed_cursor_and_an_out_of_range_limit() {
    // Arrange
    let app = spawn_app().await;
    let story = app.core_story().await;
    let project = &story.project;
    let lists = [
        ("/api/v1/projects?".to_owned(), &story.volunteer.token),
        (
            format!("/api/v1/projects/{project}/members?"),
            &story.organizer.token,
        ),
        (
            format!("/api/v1/projects/{project}/tasks?"),
            &story.organizer.token,
        ),
        ("/api/v1/me/tasks?".to_owned(), &story.volunteer.token),
        ("/api/v1/me/reports?".to_owned(), &story.volunteer.token),
        (
            "/api/v1/moderation/reports?".to_owned(),
            &story.organizer.token,
        ),
        (
            "/api/v1/me/rating-history?".to_owned(),
            &story.volunteer.token,
        ),
        ("/api/v1/me/activity?".to_owned(), &story.volunteer.token),
        (
            "/api/v1/admin/organizer-applications?".to_owned(),
            &story.admin.token,
        ),
    ];
    let events = app.total_events().await;
    // a cursor of another list: one number where `micros:uuid` or three parts are expected
    let foreign = cursor("42");
    let wrong_parts = cursor("1:2:3:4");

    for (path, token) in &lists {
        let path = path.as_str();
        for bad in ["not-a-cursor!", "__8", wrong_parts.as_str()] {
            // Act
            let reply = app.get(&with(path, "cursor", bad), Some(token)).await;
            // Assert
            assert_problem(&reply, 400, "request.invalid_cursor");
        }
        if !path.contains("rating-history") {
            let reply = app.get(&with(path, "cursor", &foreign), Some(token)).await;
            assert_problem(&reply, 400, "request.invalid_cursor");
        }
        for limit in ["0", "101", "-1"] {
            let reply = app.get(&with(path, "limit", limit), Some(token)).await;
            assert_field_error(&reply, "limit", "out_of_range");
        }
    }
    let reply = app
        .get(
            "/api/v1/leaderboard?limit=101",
            Some(&story.volunteer.token),
        )
        .await;
    assert_field_error(&reply, "limit", "out_of_range");
    assert_eq!(app.total_events().await, events, "refusals append nothing");
}
