//! Volunteers' receipts: rating-history entries name their audit position and receipt, the
//! receipt verifies offline with the public key, a changed byte fails, another account gets 404.

use std::time::Duration;

use birqadam_audit::{VerifierKey, verify_receipt};
use serde_json::{Value, json};

use super::support::{PATIENCE, app_without_audit_workers, sign, tree_caught_up};
use crate::helpers::TestApp;

/// Waits until the rating creditor has credited `n` times.
async fn credited(app: &TestApp, n: i64) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while app.count_events("RatingCredited").await < n {
        assert!(tokio::time::Instant::now() < deadline, "no credit");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_credits_receipt_verifies_offline_and_fails_when_a_byte_changes() {
    let app = app_without_audit_workers().await;
    let story = app.core_story().await;
    let approved = app
        .approve(&story.organizer.token, &story.report, &json!({"stars": 4}))
        .await;
    assert_eq!(approved.status, 200, "{:?}", approved.json);
    credited(&app, 1).await;
    let before_tree = app
        .get("/api/v1/me/rating-history", Some(&story.volunteer.token))
        .await;
    tree_caught_up(&app).await;
    sign(&app).await;

    let history = app
        .get("/api/v1/me/rating-history", Some(&story.volunteer.token))
        .await;
    let entry = &history.json["items"][0];
    let position = entry["position"].as_u64().expect("an audit position");
    let url = entry["receipt_url"].as_str().expect("a receipt url");
    let receipt = app.get(url, Some(&story.volunteer.token)).await;
    let other = app.volunteer("Другой").await;
    let by_other = app.get(url, Some(&other.token)).await;
    let by_organizer = app.get(url, Some(&story.organizer.token)).await;
    let not_rating = app
        .get(
            "/api/v1/me/rating-history/0/receipt",
            Some(&story.volunteer.token),
        )
        .await;
    let key = app.get("/api/v1/audit/key", None).await;

    assert_eq!(before_tree.json["items"][0]["position"], Value::Null);
    assert_eq!(before_tree.json["items"][0]["receipt_url"], Value::Null);
    assert_eq!(url, format!("/api/v1/me/rating-history/{position}/receipt"));
    assert_eq!(receipt.status, 200, "{:?}", receipt.json);
    assert!(
        receipt.headers["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/plain")
    );
    let key = VerifierKey::parse(std::str::from_utf8(&key.bytes).expect("utf-8").trim())
        .expect("the public key");
    let verified = verify_receipt(&receipt.bytes, &key).expect("the receipt verifies offline");
    let kinds: Vec<(String, u64)> = verified
        .events
        .iter()
        .map(|e| (e.event_type.clone(), e.position))
        .collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert_eq!(kinds[0].0, "ReportApproved");
    assert_eq!(kinds[1], ("RatingCredited".to_owned(), position));
    for at in [30, receipt.bytes.len() / 2, receipt.bytes.len() - 3] {
        let mut changed = receipt.bytes.clone();
        changed[at] ^= 0x01;
        assert!(
            verify_receipt(&changed, &key).is_err(),
            "a changed byte at {at} still verifies"
        );
    }
    assert_eq!(by_other.status, 404, "{:?}", by_other.json);
    assert_eq!(by_organizer.status, 404, "{:?}", by_organizer.json);
    assert_eq!(not_rating.status, 404, "{:?}", not_rating.json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_adjustments_receipt_carries_only_the_adjustment() {
    let app = app_without_audit_workers().await;
    let admin = app.admin().await;
    let volunteer = app.volunteer("Ержан").await;
    let adjusted = app
        .post(
            &format!("/api/v1/admin/accounts/{}/rating-adjustments", volunteer.id),
            &json!({"delta": 3, "reason": "субботник"}),
            Some(&admin.token),
        )
        .await;
    assert_eq!(adjusted.status, 200, "{:?}", adjusted.json);
    tree_caught_up(&app).await;
    let signed = sign(&app).await;

    let history = app
        .get("/api/v1/me/rating-history", Some(&volunteer.token))
        .await;
    let entry = &history.json["items"][0];
    let url = entry["receipt_url"].as_str().expect("a receipt url");
    let receipt = app.get(url, Some(&volunteer.token)).await;

    assert_eq!(entry["source"]["kind"], "adjustment", "{entry}");
    assert_eq!(receipt.status, 200, "{:?}", receipt.json);
    let key = super::support::signing_key(&app).verifier();
    let verified = verify_receipt(&receipt.bytes, &key).expect("verifies offline");
    assert_eq!(verified.checkpoint.size, signed.size);
    let events: Vec<_> = verified
        .events
        .iter()
        .map(|e| e.event_type.as_str())
        .collect();
    assert_eq!(events, ["RatingAdjusted"]);
    assert_eq!(
        Some(verified.events[0].position),
        entry["position"].as_u64()
    );
}
