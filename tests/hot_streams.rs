//! Hot streams: many commands for one stream at once. In one process they queue behind the
//! stream's writer (decided in order, appended together); a second `Commands` on the same
//! database stands in for a second replica, where the stream's version is the guard.

use std::sync::Arc;

use birqadam_commands::{Commands, NoWait};
use futures::StreamExt;
use serde_json::json;

use crate::helpers::{TestApp, spawn_app};

mod replicas;

/// Concurrent clients of the joining crowd.
const CLIENTS: usize = 64;

/// `command_conflicts_total{aggregate}` as `/metrics` shows it (0 before the first).
pub async fn conflicts(app: &TestApp, aggregate: &str) -> u64 {
    let reply = app.get("/metrics", None).await;
    let text = String::from_utf8_lossy(&reply.bytes).into_owned();
    let series = format!("command_conflicts_total{{aggregate=\"{aggregate}\"}} ");
    text.lines()
        .find_map(|line| line.strip_prefix(series.as_str()))
        .map_or(0, |n| n.trim().parse().expect("a counter value"))
}

async fn members(app: &TestApp, project: &str) -> i64 {
    sqlx::query_scalar(
        "select count(*) from events
          where aggregate_type = 'Project' and aggregate_id = $1 and event_type = 'VolunteerJoined'",
    )
    .bind(project)
    .fetch_one(&app.pool)
    .await
    .expect("counting members")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_volunteers_joining_one_project_from_64_clients_all_join_and_the_capacity_holds()
 {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app
        .approved_project(&admin, &organizer, &json!({"capacity": 500}))
        .await;
    let volunteers: Vec<_> = futures::stream::iter(0..510)
        .map(|i| {
            let app = &app;
            async move { app.volunteer(&format!("Volunteer {i}")).await }
        })
        .buffer_unordered(CLIENTS)
        .collect()
        .await;
    let path = format!("/api/v1/projects/{project}/join");

    let replies: Vec<_> = futures::stream::iter(&volunteers)
        .map(|v| {
            let (app, path) = (&app, &path);
            async move {
                let reply = app.post(path, &json!({}), Some(&v.token)).await;
                (reply.status.as_u16(), reply.code().to_owned())
            }
        })
        .buffer_unordered(CLIENTS)
        .collect()
        .await;

    let joined = replies.iter().filter(|(s, _)| *s == 200).count();
    let full = replies
        .iter()
        .filter(|r| **r == (409, "project.full".to_owned()))
        .count();
    assert_eq!((joined, full), (500, 10), "{replies:?}");
    assert_eq!(members(&app, &project).await, 500, "the capacity holds");
    assert_eq!(
        conflicts(&app, "Project").await,
        0,
        "no retries in one process"
    );
}

/// A second write side on the app's database (another replica, without views to wait for).
pub(super) fn second_replica(app: &TestApp) -> Commands {
    let deps = birqadam_commands::Dependencies {
        auth: birqadam_commands::AuthConfig::for_tests(),
        catchup: Arc::new(NoWait),
        clock: Arc::clone(app.commands.clock()),
        photos: birqadam_photos::PhotoStore::local(&app.data_dir.join("replica"))
            .expect("a photo store"),
        photo_limits: birqadam_photos::PhotoLimits::default(),
    };
    Commands::new(app.pool.clone(), deps).expect("a second write side")
}
