//! Integer ids are assigned in log order by a projection, so a rebuild gives the same numbers.

use birqadam_projections::legacy_ids::LegacyIdsProjector;
use serde_json::{Value, json};

use super::{app_get, app_register};
use crate::helpers::spawn_app;

async fn dump(pool: &sqlx::PgPool) -> Vec<Value> {
    sqlx::query_scalar("select to_jsonb(t) from legacy_ids_view t order by kind, number")
        .fetch_all(pool)
        .await
        .expect("reading legacy_ids_view")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_follow_the_log_order_and_a_rebuild_gives_the_same_numbers() {
    let app = spawn_app().await;
    let mut numbers = Vec::new();
    for _ in 0..3 {
        let (_, session) = app_register(&app).await;
        let profile = app_get(&app, "/custom-admin/api/profile/", Some(&session.access)).await;
        numbers.push(profile.json["id"].as_i64().expect("an integer id"));
    }
    assert_eq!(numbers, [1, 2, 3]);
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    for title in ["Первый", "Второй"] {
        app.approved_project(&admin, &organizer, &json!({"title": title}))
            .await;
    }
    let live = dump(&app.pool).await;
    assert_eq!(live.len(), 7, "5 accounts and 2 projects: {live:?}");

    let applied = birqadam_projections::rebuild(&app.pool, &LegacyIdsProjector, 3)
        .await
        .expect("rebuild");

    assert!(applied > 0);
    assert_eq!(dump(&app.pool).await, live);
}
