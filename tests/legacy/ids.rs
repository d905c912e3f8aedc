//! Integer ids are assigned in log order by a projection, so a rebuild gives the same numbers.

use birqadam_projections::legacy_ids::LegacyIdsProjector;
use serde_json::{Value, json};

use super::calls::{accept, app_upload, new_task, world};
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
    let people_and_projects = live
        .iter()
        .filter(|row| row["kind"] == "account" || row["kind"] == "project")
        .count();
    assert_eq!(
        people_and_projects, 7,
        "5 accounts and 2 projects: {live:?}"
    );

    let applied = birqadam_projections::rebuild(&app.pool, &LegacyIdsProjector, 3)
        .await
        .expect("rebuild");

    assert!(applied > 0);
    assert_eq!(dump(&app.pool).await, live);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_photos_and_achievements_are_numbered_in_log_order_and_a_rebuild_keeps_them() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let mut uploads = Vec::new();
    for (text, photos) in [("Первая", 2), ("Вторая", 3)] {
        let task = new_task(&app, &world, text).await;
        assert_eq!(accept(&app, &world.volunteer, task).await.status, 200);
        let reply = app_upload(&app, &world.volunteer.access, task, photos, None).await;
        assert_eq!(reply.status, 201, "{:?}", reply.json);
        uploads.push(reply.json["id"].as_i64().expect("a report number"));
    }
    let listed = app_get(
        &app,
        "/custom-admin/api/photo-reports/",
        Some(&world.volunteer.access),
    )
    .await;
    let achievements = app_get(
        &app,
        "/custom-admin/api/achievements/",
        Some(&world.volunteer.access),
    )
    .await;
    let live = dump(&app.pool).await;

    assert_eq!(uploads, [1, 2], "reports in the order they were sent");
    let mut galleries: Vec<(i64, Vec<i64>)> = listed.json["photos"]
        .as_array()
        .expect("photos[]")
        .iter()
        .map(|r| {
            let photos = r["photos"]
                .as_array()
                .expect("a gallery")
                .iter()
                .filter_map(|p| p["id"].as_i64())
                .collect();
            (r["id"].as_i64().expect("a report number"), photos)
        })
        .collect();
    galleries.sort();
    assert_eq!(
        galleries,
        [(1, vec![1, 2]), (2, vec![3, 4, 5])],
        "photos in the order sent"
    );
    let numbers: Vec<i64> = achievements
        .json
        .as_array()
        .expect("a bare array")
        .iter()
        .filter_map(|a| a["id"].as_i64())
        .collect();
    assert_eq!(numbers, (1..=8).collect::<Vec<i64>>(), "catalogue order");
    birqadam_projections::rebuild(&app.pool, &LegacyIdsProjector, 3)
        .await
        .expect("rebuild");
    assert_eq!(dump(&app.pool).await, live);
}
