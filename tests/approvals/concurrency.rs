//! Concurrent approvals and rejections: exactly one decision, stars credited once.

use serde_json::json;

use super::race;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_approvals_credit_the_stars_exactly_once() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let url = format!("{}/api/v1/reports/{}/approve", app.address, story.report);
    let requests = (0..20)
        .map(|_| (url.clone(), json!({"stars": 4})))
        .collect();

    let results = race(&app.client, requests, &story.organizer.token).await;

    let ok = results.iter().filter(|(_, s, _)| *s == 200).count();
    assert_eq!(ok, 1, "exactly one approval wins: {results:?}");
    for (_, status, code) in results.iter().filter(|(_, s, _)| *s != 200) {
        assert_eq!(
            (*status, code.as_str()),
            (409, "report.already_approved"),
            "{results:?}"
        );
    }
    assert_eq!(app.count_events("ReportApproved").await, 1);
    assert_eq!(app.count_events("RatingCredited").await, 1);
    assert_eq!(app.rating_of(&story.volunteer).await, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_approvals_and_rejections_make_exactly_one_decision() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let mut volunteers = vec![story.volunteer.clone()];
    for i in 0..4 {
        let v = app.volunteer(&format!("Volunteer {i}")).await;
        app.join(&v, &story.project).await;
        volunteers.push(v);
    }
    let mut approvals_seen = 0;
    for (round, volunteer) in volunteers.iter().enumerate() {
        let report = if round == 0 {
            story.report.clone()
        } else {
            let seed = u8::try_from(round).expect("a small round");
            app.task_and_report(&story.organizer, volunteer, &story.project, seed)
                .await
                .1
        };
        let approve = format!("{}/api/v1/reports/{report}/approve", app.address);
        let reject = format!("{}/api/v1/reports/{report}/reject", app.address);
        let requests = (0..20)
            .map(|i| {
                if i % 2 == 0 {
                    (approve.clone(), json!({"stars": 5}))
                } else {
                    (reject.clone(), json!({"reason": "Фото размыто"}))
                }
            })
            .collect();
        let credits_before = app.count_events("RatingCredited").await;

        let results = race(&app.client, requests, &story.organizer.token).await;

        let winners: Vec<_> = results.iter().filter(|(_, s, _)| *s == 200).collect();
        assert_eq!(winners.len(), 1, "round {round}: one decision: {results:?}");
        for (_, status, code) in results.iter().filter(|(_, s, _)| *s != 200) {
            assert_eq!(*status, 409, "round {round}: {results:?}");
            assert!(
                code == "report.already_approved" || code == "report.already_moderated",
                "round {round}: unexpected code {code}: {results:?}"
            );
        }
        let approved = app.count_events("ReportApproved").await;
        let rejected = app.count_events("ReportRejected").await;
        assert_eq!(
            approved + rejected,
            i64::try_from(round + 1).expect("small"),
            "round {round}: one decision event per report"
        );
        let won_by_approval = winners[0].0.ends_with("/approve");
        let credits = app.count_events("RatingCredited").await - credits_before;
        let rating = app.rating_of(volunteer).await;
        if won_by_approval {
            approvals_seen += 1;
            assert_eq!(rating, 5, "round {round}: approved");
            assert_eq!(credits, 1, "round {round}: one credit");
        } else {
            assert_eq!(rating, 0, "round {round}: rejected");
            assert_eq!(credits, 0, "round {round}: no credit after a rejection");
        }
    }
    assert_eq!(
        app.count_events("ReportApproved").await,
        approvals_seen,
        "approvals in the log match the winners"
    );
}
