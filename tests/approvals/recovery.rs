//! Crash recovery through the rating process manager. The crash is staged from the test side:
//! a trigger in the test's own database refuses the `RatingCredited` insert.

use birqadam::app::Workers;
use serde_json::json;
use sqlx::PgPool;

use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app_with;

/// Makes every `RatingCredited` insert fail, as if the process died right before it.
async fn refuse_rating_credits(pool: &PgPool) {
    sqlx::raw_sql(
        "create function refuse_rating_credit() returns trigger language plpgsql as $$
         begin
             raise exception 'injected crash: RatingCredited refused by the test';
         end $$;
         create trigger refuse_rating_credit before insert on events for each row
             when (new.event_type = 'RatingCredited') execute function refuse_rating_credit();",
    )
    .execute(pool)
    .await
    .expect("the sabotage trigger is installed");
}

/// The process comes back: inserts work again.
async fn allow_rating_credits(pool: &PgPool) {
    sqlx::raw_sql(
        "drop trigger refuse_rating_credit on events; drop function refuse_rating_credit();",
    )
    .execute(pool)
    .await
    .expect("the sabotage trigger is removed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_approval_and_credit_is_repaired_by_the_process_manager_once() {
    let workers = Workers {
        projectors: true,
        process_managers: false,
        scheduler: false,
        audit: false,
        notifier: false,
        bot: false,
    };
    let app = spawn_app_with(|_| {}, workers).await;
    let story = app.core_story().await;
    refuse_rating_credits(&app.pool).await;

    let reply = app
        .approve(&story.organizer.token, &story.report, &json!({"stars": 4}))
        .await;

    assert_problem(&reply, 500, "internal");
    let body = String::from_utf8_lossy(&reply.bytes);
    assert!(
        !body.contains("injected") && !body.contains("crash"),
        "the 500 is opaque: {body}"
    );
    assert_eq!(app.count_events("ReportApproved").await, 1);
    assert_eq!(app.count_events("RatingCredited").await, 0);
    allow_rating_credits(&app.pool).await;

    let manager = app.commands.rating_creditor();
    birqadam_projections::testing::run_to_end(&app.pool, manager.as_ref())
        .await
        .expect("the process manager runs");
    assert_eq!(app.count_events("RatingCredited").await, 1);
    let points: i64 = sqlx::query_scalar(
        "select (payload->'RatingCredited'->>'points_applied')::bigint from events
         where event_type = 'RatingCredited'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("the credit's points");
    assert_eq!(points, 4);

    birqadam_projections::run_once(&app.pool, manager.as_ref())
        .await
        .expect("the process manager runs again");
    assert_eq!(
        app.count_events("RatingCredited").await,
        1,
        "still one credit"
    );
    // The process manager does not wait for the views: poll GET /me with a bound.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut rating = app.rating_of(&story.volunteer).await;
    while rating != 4 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        rating = app.rating_of(&story.volunteer).await;
    }
    assert_eq!(rating, 4, "the repaired credit reaches the account view");
}
