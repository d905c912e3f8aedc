//! The approval path under load: approvals of one report or of many, in one process, never fight
//! over a stream — the inline credits and the rating creditor share the account's writer, and
//! racing approvals queue behind the assignment's writer.

use birqadam_commands::CommandContext;
use serde_json::json;
use uuid::Uuid;

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
async fn inline_and_creditor_credits_racing_on_one_account_never_conflict() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let volunteer: Uuid = story.volunteer.id.parse().expect("an account id");
    let ctx = CommandContext::system();
    // eight approvals, each credited at once by the API and by the rating creditor
    let assignments: Vec<Uuid> = (0..8).map(|_| Uuid::now_v7()).collect();
    let credits = assignments.iter().chain(&assignments).map(|assignment| {
        let (commands, ctx) = (app.commands.without_wait(), ctx.clone());
        async move {
            commands
                .credit_report(&ctx, volunteer, *assignment, 5)
                .await
        }
    });

    let outcomes = futures::future::join_all(credits).await;

    assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
    assert_eq!(
        app.count_events("RatingCredited").await,
        8,
        "one credit each"
    );
    assert_eq!(
        conflicts(&app, "Account").await,
        0,
        "they queued, not raced"
    );
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
