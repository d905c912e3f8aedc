//! `GET /audit/accounts/{id}/statement`: an auditor reads every rating change of an account with
//! its moderator, report, stars, channel and a receipt that verifies offline; a volunteer (even
//! for their own account) and an organizer get 403; an unknown account 404.

use std::time::Duration;

use birqadam_audit::verify_receipt;
use serde_json::json;

use super::http::auditor;
use super::support::{PATIENCE, app_without_audit_workers, sign, signing_key, tree_caught_up};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_auditor_reads_every_rating_change_with_its_moderator_and_a_receipt() {
    let app = app_without_audit_workers().await;
    let story = app.core_story().await;
    let approved = app
        .approve(&story.organizer.token, &story.report, &json!({"stars": 4}))
        .await;
    assert_eq!(approved.status, 200, "{:?}", approved.json);
    let adjusted = app
        .post(
            &format!(
                "/api/v1/admin/accounts/{}/rating-adjustments",
                story.volunteer.id
            ),
            &json!({"delta": -1, "reason": "дубликат фото"}),
            Some(&story.admin.token),
        )
        .await;
    assert!(adjusted.status.is_success(), "{:?}", adjusted.json);
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while app.count_events("RatingAdjusted").await + app.count_events("RatingCredited").await < 2 {
        assert!(tokio::time::Instant::now() < deadline, "no rating changes");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tree_caught_up(&app).await;
    sign(&app).await;
    let auditor = auditor(&app, &story.admin).await;
    let path = format!("/api/v1/audit/accounts/{}/statement", story.volunteer.id);

    let reply = app.get(&path, Some(&auditor.token)).await;

    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let items = reply.json["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{items:?}");
    let (credit, adjustment) = (&items[0], &items[1]);
    assert_eq!(credit["source_kind"], "report");
    assert_eq!(credit["delta"], 4);
    assert_eq!(credit["stars"], 4);
    assert_eq!(credit["report_id"], story.report.as_str());
    assert_eq!(credit["moderator"], story.organizer.id.as_str());
    assert_eq!(credit["channel"], "api");
    assert_eq!(adjustment["source_kind"], "adjustment");
    assert_eq!(adjustment["delta"], -1);
    assert_eq!(adjustment["rating_after"], 3);
    assert_eq!(adjustment["moderator"], story.admin.id.as_str());
    assert_eq!(adjustment["reason"], "дубликат фото");
    let key = signing_key(&app).verifier();
    for item in items {
        let receipt = item["receipt"].as_str().expect("a receipt");
        let verified = verify_receipt(receipt.as_bytes(), &key).expect("the receipt verifies");
        let position = item["position"].as_u64().expect("a position");
        assert!(
            verified.events.iter().any(|e| e.position == position),
            "{item}"
        );
    }
    // the admin reads it too
    assert_eq!(app.get(&path, Some(&story.admin.token)).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_auditors_and_admins_read_a_statement() {
    let app = app_without_audit_workers().await;
    let story = app.core_story().await;
    let path = format!("/api/v1/audit/accounts/{}/statement", story.volunteer.id);

    assert_eq!(
        app.get(&path, Some(&story.volunteer.token)).await.status,
        403
    );
    assert_eq!(
        app.get(&path, Some(&story.organizer.token)).await.status,
        403
    );
    assert_eq!(app.get(&path, None).await.status, 401);
    let unknown = format!("/api/v1/audit/accounts/{}/statement", uuid::Uuid::new_v4());
    assert_eq!(
        app.get(&unknown, Some(&story.admin.token)).await.status,
        404
    );
    let malformed = app
        .get(
            "/api/v1/audit/accounts/x/statement",
            Some(&story.admin.token),
        )
        .await;
    assert_eq!(
        malformed.status, 404,
        "a malformed id is not found, as on every route"
    );
}
