//! `GET /audit/verify`: a clean log verifies; a leaf or an event payload edited behind the
//! append-only triggers is found at its position.

use serde_json::Value;

use super::http::auditor;
use super::support::{app_without_audit_workers, signed_log};
use crate::helpers::TestApp;

async fn verify(app: &TestApp, token: &str) -> Value {
    let reply = app.get("/api/v1/audit/verify", Some(token)).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    reply.json
}

/// Runs `statement` with the table's append-only trigger off (as a superuser could).
async fn behind_the_trigger(app: &TestApp, table: &str, trigger: &str, statement: &str) {
    let mut tx = app.pool.begin().await.expect("a transaction");
    for sql in [
        format!("alter table {table} disable trigger {trigger}"),
        statement.to_owned(),
        format!("alter table {table} enable trigger {trigger}"),
    ] {
        sqlx::query(&sql)
            .execute(&mut *tx)
            .await
            .expect("the edit runs");
    }
    tx.commit().await.expect("committed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clean_log_verifies_with_its_signed_root() {
    let app = app_without_audit_workers().await;
    let admin = app.admin().await;
    let auditor = auditor(&app, &admin).await;
    let signed = signed_log(&app, 20).await;

    let report = verify(&app, &auditor.token).await;

    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["events"], signed.size);
    assert_eq!(report["head_hash"], signed.root.to_base64());
    assert_eq!(report["first_bad_position"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_leaf_is_named_by_its_position() {
    let app = app_without_audit_workers().await;
    let admin = app.admin().await;
    let signed = signed_log(&app, 20).await;
    let bad = signed.size - 5;

    behind_the_trigger(
        &app,
        "audit_leaves",
        "audit_leaves_append_only",
        &format!(
            "update audit_leaves set line = convert_to(replace(convert_from(line, 'UTF8'),
                 'NoteTaken\",\"event_version', 'NoteTakex\",\"event_version'), 'UTF8')
              where position = {bad}"
        ),
    )
    .await;
    let report = verify(&app, &admin.token).await;

    assert_eq!(report["ok"], false, "{report}");
    assert_eq!(report["first_bad_position"], bad, "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_event_payload_is_named_by_its_position() {
    let app = app_without_audit_workers().await;
    let admin = app.admin().await;
    let signed = signed_log(&app, 20).await;
    let bad = signed.size - 3;

    behind_the_trigger(
        &app,
        "events",
        "events_append_only",
        &format!(
            "update events set payload = jsonb_set(payload, '{{NoteTaken,n}}', '999')
              where global_position = (select global_position from audit_leaves
                                        where position = {bad})"
        ),
    )
    .await;
    let report = verify(&app, &admin.token).await;

    assert_eq!(report["ok"], false, "{report}");
    assert_eq!(report["first_bad_position"], bad, "{report}");
    assert_eq!(
        report["head_hash"],
        signed.root.to_base64(),
        "the leaves are intact"
    );
}
