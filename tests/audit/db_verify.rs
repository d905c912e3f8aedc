//! `birqadam audit verify` on a log of 10k events seeded through the commands: clean, it
//! verifies with no finding; each mutation made behind the append-only triggers (a superuser's
//! transaction, rolled back afterwards) is found, at the right first bad position and with the
//! right reason.

use birqadam_audit::{SignerKey, VerifierKey};
use birqadam_projections::queries::{AuditFinding, AuditVerification, verify_log};

use super::seeded::{app_without_consumers, seeded_log};
use super::support::{app_without_audit_workers, signed_log, signing_key};
use crate::helpers::TestApp;

/// Runs `statements` in a transaction with every append-only trigger off (as a superuser could),
/// audits the log as that transaction sees it, and rolls back.
async fn audit_after(app: &TestApp, key: &VerifierKey, statements: &[String]) -> AuditVerification {
    let mut tx = app.pool.begin().await.expect("a transaction");
    for table in ["events", "audit_leaves", "audit_nodes", "audit_checkpoints"] {
        sqlx::query(&format!("alter table {table} disable trigger user"))
            .execute(&mut *tx)
            .await
            .expect("the triggers are off");
    }
    for statement in statements {
        sqlx::query(statement)
            .execute(&mut *tx)
            .await
            .expect("the edit runs");
    }
    let report = verify_log(&mut tx, key).await.expect("the audit runs");
    tx.rollback().await.expect("rolled back");
    report
}

/// The event behind the leaf at `position`.
fn event_at(position: u64) -> String {
    format!("(select global_position from audit_leaves where position = {position})")
}

fn assert_found(report: &AuditVerification, position: Option<u64>, finding: &AuditFinding) {
    assert!(!report.ok, "{report:?}");
    assert_eq!(report.first_bad_position, position, "{report:?}");
    assert_eq!(report.first_finding(), Some(finding), "{report:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_mutation_of_a_ten_thousand_event_log_is_found_at_its_first_bad_position() {
    let app = app_without_consumers().await;
    let size = seeded_log(&app, 10_000).await;
    assert!(size >= 10_000, "{size}");
    let key = signing_key(&app).verifier();
    let (p, q) = (size / 3, size / 3 + 17);

    let clean = audit_after(&app, &key, &[]).await;
    assert!(clean.ok && clean.findings.is_empty(), "{clean:?}");
    assert_eq!(clean.events, size);

    // a byte of a stored line changed
    let report = audit_after(
        &app,
        &key,
        &[format!(
            "update audit_leaves set line = overlay(line placing '#'::bytea from 40 for 1)
          where position = {p}"
        )],
    )
    .await;
    assert_found(
        &report,
        Some(p),
        &AuditFinding::LeafDiffersFromEvent { position: p },
    );
    // a stored leaf hash changed
    let report = audit_after(
        &app,
        &key,
        &[format!(
            "update audit_leaves set leaf_hash = sha256('x') where position = {p}"
        )],
    )
    .await;
    assert_found(
        &report,
        Some(p),
        &AuditFinding::LeafHashWrong { position: p },
    );
    // an event's payload edited in the event store
    let report = audit_after(
        &app,
        &key,
        &[format!(
            "update events set metadata = metadata || '{{\"channel\":\"bot\"}}'
          where global_position = {}",
            event_at(q)
        )],
    )
    .await;
    assert_found(
        &report,
        Some(q),
        &AuditFinding::LeafDiffersFromEvent { position: q },
    );
    // an event deleted from the event store
    let report = audit_after(
        &app,
        &key,
        &[format!(
            "delete from events where global_position = {}",
            event_at(q)
        )],
    )
    .await;
    assert_found(
        &report,
        Some(q),
        &AuditFinding::EventMissing { position: q },
    );
    // two events' payloads swapped
    let report = audit_after(
        &app,
        &key,
        &[format!(
            "update events e set payload = o.payload from events o
          where (e.global_position, o.global_position) in (({a}, {b}), ({b}, {a}))",
            a = event_at(p),
            b = event_at(q)
        )],
    )
    .await;
    assert_found(
        &report,
        Some(p),
        &AuditFinding::LeafDiffersFromEvent { position: p },
    );
    // a leaf duplicated over the next one
    let report = audit_after(
        &app,
        &key,
        &[format!(
            "update audit_leaves l set line = o.line, leaf_hash = o.leaf_hash from audit_leaves o
          where l.position = {next} and o.position = {p}",
            next = p + 1
        )],
    )
    .await;
    assert_found(
        &report,
        Some(p + 1),
        &AuditFinding::LeafDiffersFromEvent { position: p + 1 },
    );
    // a leaf deleted from the middle
    let report = audit_after(
        &app,
        &key,
        &[format!("delete from audit_leaves where position = {q}")],
    )
    .await;
    assert_found(&report, Some(q), &AuditFinding::LeafMissing { position: q });
    // a stored subtree changed
    let node = birqadam_audit::tree::NodeId::new(3, p / 8);
    let report = audit_after(
        &app,
        &key,
        &[format!(
            "update audit_nodes set hash = sha256('x') where level = 3 and index = {}",
            p / 8
        )],
    )
    .await;
    assert_found(
        &report,
        Some(node.first_leaf()),
        &AuditFinding::NodeWrong { node },
    );
    // the tail truncated below the signed checkpoint
    let report = audit_after(
        &app,
        &key,
        &[format!(
            "delete from audit_leaves where position >= {}",
            size - 4
        )],
    )
    .await;
    assert_found(
        &report,
        Some(size - 4),
        &AuditFinding::CheckpointBeyondTree {
            size,
            tree: size - 4,
        },
    );
    // a checkpoint's root column, and its signed note, edited
    let report = audit_after(
        &app,
        &key,
        &[format!(
            "update audit_checkpoints set root = sha256('x') where size = {size}"
        )],
    )
    .await;
    assert_found(&report, None, &AuditFinding::CheckpointRoot { size });
    let report = audit_after(
        &app,
        &key,
        &[format!(
            "update audit_checkpoints set note = replace(note, E'\\n{size}\\n', E'\\n{}\\n')
          where size = {size}",
            size - 1
        )],
    )
    .await;
    assert_found(&report, None, &AuditFinding::CheckpointSignature { size });
    // checked with another key of the same name
    let impostor = SignerKey::from_seed("birqadam.kz/log", [7; 32]).expect("a key");
    let report = audit_after(&app, &impostor.verifier(), &[]).await;
    assert_found(&report, None, &AuditFinding::CheckpointSignature { size });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_reports_the_first_bad_position_and_why() {
    let app = app_without_audit_workers().await;
    let signed = signed_log(&app, 20).await;
    let key = signing_key(&app).verifier();
    let said = birqadam::audit_cli::verify_database(&app.pool, &key)
        .await
        .expect("a clean log verifies");
    assert!(
        said.starts_with(&format!("ok: {} events", signed.size)),
        "{said}"
    );

    let bad = signed.size - 2;
    let mut tx = app.pool.begin().await.expect("a transaction");
    for sql in [
        "alter table events disable trigger events_append_only".to_owned(),
        format!(
            "delete from events where global_position = {}",
            event_at(bad)
        ),
        "alter table events enable trigger events_append_only".to_owned(),
    ] {
        sqlx::query(&sql).execute(&mut *tx).await.expect("runs");
    }
    tx.commit().await.expect("committed");
    let refused = birqadam::audit_cli::verify_database(&app.pool, &key)
        .await
        .expect_err("refused");

    let said = refused.to_string();
    assert!(
        said.contains(&format!("first bad position {bad}")),
        "{said}"
    );
    assert!(said.contains("missing from the event store"), "{said}");
}
