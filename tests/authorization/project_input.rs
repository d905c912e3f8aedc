//! Bad project input is refused field by field.

use serde_json::json;

use crate::helpers::requests::{assert_field_error, assert_problem, field_errors};
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_project_input_is_refused_field_by_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let events = app.total_events().await;

    let cases = [
        (
            json!({"start_date": "2026-12-10", "end_date": "2026-12-01"}),
            "end_date",
        ),
        (json!({"latitude": 100.0, "longitude": 76.9}), "latitude"),
        (json!({"volunteer_type": "sports"}), "volunteer_type"),
        (json!({"title": "Ж".repeat(10_000)}), "title"),
    ];
    for (extra, field) in cases {
        let reply = app.create_project(&organizer, &extra).await;

        assert_problem(&reply, 422, "validation.failed");
        let errors = field_errors(&reply);
        assert!(
            errors.iter().any(|(f, _)| f == field),
            "{field} among {errors:?}"
        );
        assert_eq!(app.total_events().await, events, "{field}: no event");
    }
    let reply = app
        .create_project(&organizer, &json!({"title": "Ж".repeat(10_000)}))
        .await;
    assert_field_error(&reply, "title", "too_long");
}
