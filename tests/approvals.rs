//! Report approval: exactly-once credit under concurrency, approve/reject races, crash recovery
//! through the rating process manager, the 750 cap, and the comment rule.

use std::sync::Arc;
use std::sync::atomic::Ordering::SeqCst;

use birqadam::app::Workers;
use serde_json::{Value, json};
use tokio::sync::Barrier;

use crate::helpers::requests::assert_problem;
use crate::helpers::{spawn_app, spawn_app_with};

/// Sends `bodies.len()` POSTs at once (released by a barrier); returns `(path kind, status, code)`.
async fn race(
    client: &reqwest::Client,
    requests: Vec<(String, Value)>,
    token: &str,
) -> Vec<(String, u16, String)> {
    let barrier = Arc::new(Barrier::new(requests.len()));
    let mut handles = Vec::new();
    for (url, body) in requests {
        let client = client.clone();
        let barrier = Arc::clone(&barrier);
        let token = token.to_owned();
        handles.push(tokio::spawn(async move {
            barrier.wait().await;
            let response = client
                .post(&url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("the request is sent");
            let status = response.status().as_u16();
            let json: Value = response.json().await.unwrap_or(Value::Null);
            let code = json["code"].as_str().unwrap_or_default().to_owned();
            (url, status, code)
        }));
    }
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.expect("a racing request finishes"));
    }
    out
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_approval_and_credit_is_repaired_by_the_process_manager_once() {
    let workers = Workers {
        projectors: true,
        process_managers: false,
        scheduler: false,
    };
    let app = spawn_app_with(|_| {}, workers).await;
    let story = app.core_story().await;
    app.commands
        .faults()
        .crash_after_approval
        .store(true, SeqCst);

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
    app.commands
        .faults()
        .crash_after_approval
        .store(false, SeqCst);

    let manager = app.commands.rating_process_manager();
    birqadam_projections::run_once(&app.pool, manager.as_ref())
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rating_never_exceeds_750() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let path = format!(
        "/api/v1/admin/accounts/{}/rating-adjustments",
        story.volunteer.id
    );
    let reply = app
        .post(
            &path,
            &json!({"delta": 748, "reason": "перенос со старой системы"}),
            Some(&story.admin.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(app.rating_of(&story.volunteer).await, 748);

    let reply = app
        .approve(&story.organizer.token, &story.report, &json!({"stars": 5}))
        .await;

    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(app.rating_of(&story.volunteer).await, 750);
    let payload: Value = sqlx::query_scalar(
        "select payload->'RatingCredited' from events where event_type = 'RatingCredited'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("one credit");
    assert_eq!(payload["points_requested"], json!(5), "{payload}");
    assert_eq!(payload["points_applied"], json!(2), "{payload}");
    assert_eq!(payload["rating_after"], json!(750), "{payload}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn low_stars_need_a_comment_and_no_stars_credit_nothing() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let owner = &story.organizer.token;

    for stars in [1, 2, 3] {
        let reply = app
            .approve(owner, &story.report, &json!({"stars": stars}))
            .await;
        assert_problem(&reply, 422, "report.comment_required");
    }
    let reply = app
        .approve(owner, &story.report, &json!({"stars": 3, "comment": "   "}))
        .await;
    assert_problem(&reply, 422, "report.comment_required");
    assert_eq!(app.count_events("ReportApproved").await, 0);

    let reply = app.approve(owner, &story.report, &json!({})).await;

    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["status"], "approved");
    assert_eq!(reply.json["stars"], Value::Null);
    assert_eq!(app.rating_of(&story.volunteer).await, 0);
    assert_eq!(app.count_events("RatingCredited").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_report_can_be_resubmitted_and_approved() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let owner = &story.organizer.token;
    let reply = app
        .reject(owner, &story.report, "Нет фото результата")
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["status"], "rejected");
    assert_eq!(reply.json["rejection_reason"], "Нет фото результата");
    let reply = app
        .approve(owner, &story.report, &json!({"stars": 5}))
        .await;
    assert_problem(&reply, 409, "report.already_moderated");

    let second = app.submit_report(&story.volunteer, &story.task, 2).await;

    assert_ne!(second, story.report);
    let reply = app
        .get(
            &format!("/api/v1/reports/{second}"),
            Some(&story.volunteer.token),
        )
        .await;
    assert_eq!(reply.json["attempt"], 2, "{:?}", reply.json);
    assert_eq!(reply.json["status"], "pending");
    let reply = app
        .approve(
            owner,
            &second,
            &json!({"stars": 2, "comment": "Хорошо, но мало"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["stars"], 2);
    assert_eq!(reply.json["moderator_comment"], "Хорошо, но мало");
    assert_eq!(app.rating_of(&story.volunteer).await, 2);
    let reply = app.approve(owner, &second, &json!({"stars": 5})).await;
    assert_problem(&reply, 409, "report.already_approved");
    let reply = app.reject(owner, &second, "передумал").await;
    assert_problem(&reply, 409, "report.already_moderated");
    assert_eq!(app.rating_of(&story.volunteer).await, 2);
}
