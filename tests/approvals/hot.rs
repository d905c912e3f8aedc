//! The approval path under load: approvals of one report or of many, in one process, never fight
//! over a stream — the inline credits and the rating creditor share the account's writer, and
//! racing approvals queue behind the assignment's writer.

use serde_json::json;

use super::race;
use crate::helpers::spawn_app;
use crate::hot_streams::conflicts;

/// Waits (bounded) until the rating creditor has passed every approval in the log.
async fn creditor_caught_up(app: &crate::helpers::TestApp) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let behind: bool = sqlx::query_scalar(
            "select exists (select 1 from events e where e.event_type = 'ReportApproved'
                              and not exists (select 1 from projection_checkpoints c
                                               where c.name = 'process.rating-credits'
                                                 and (c.transaction_id, c.global_position)
                                                     >= (e.transaction_id::text::bigint, e.global_position)))",
        )
        .fetch_one(&app.pool)
        .await
        .expect("the creditor's checkpoint");
        if !behind {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the creditor caught up"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_approvals_for_one_volunteer_credited_inline_and_by_the_creditor_never_conflict() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let mut reports = vec![story.report.clone()];
    for seed in 1..8 {
        let (_, report) = app
            .task_and_report(&story.organizer, &story.volunteer, &story.project, seed)
            .await;
        reports.push(report);
    }

    let requests = reports
        .iter()
        .map(|r| {
            let url = format!("{}/api/v1/reports/{r}/approve", app.address);
            (url, json!({"stars": 5}))
        })
        .collect();

    let results = race(&app.client, requests, &story.organizer.token).await;

    assert!(results.iter().all(|(_, s, _)| *s == 200), "{results:?}");
    creditor_caught_up(&app).await;

    assert_eq!(
        app.count_events("RatingCredited").await,
        8,
        "one credit each"
    );
    assert_eq!(app.rating_of(&story.volunteer).await, 40);
    assert_eq!(conflicts(&app, "Account").await, 0);
    assert_eq!(conflicts(&app, "Assignment").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_approvals_of_one_report_are_answered_without_a_retry() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let url = format!("{}/api/v1/reports/{}/approve", app.address, story.report);
    let requests = (0..20)
        .map(|_| (url.clone(), json!({"stars": 4})))
        .collect();

    let results = race(&app.client, requests, &story.organizer.token).await;

    let winners = results.iter().filter(|(_, s, _)| *s == 200).count();
    assert_eq!(winners, 1, "{results:?}");
    assert!(
        results
            .iter()
            .all(|(_, s, c)| *s == 200 || (*s, c.as_str()) == (409, "report.already_approved")),
        "{results:?}"
    );
    creditor_caught_up(&app).await;
    assert_eq!(
        conflicts(&app, "Assignment").await,
        0,
        "the approvals queued"
    );
    assert_eq!(conflicts(&app, "Account").await, 0);
    assert_eq!(app.count_events("RatingCredited").await, 1);
}
