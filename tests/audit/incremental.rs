//! `verify-export --since`: the events after a held checkpoint, with the frontier before them,
//! verify against the held and the new signed checkpoint while hashing only the new lines; an
//! edited new line, an edited frontier, a file that does not start right after the held size
//! and a held checkpoint past the export are all refused.

use std::path::{Path, PathBuf};

use birqadam::audit_cli::verify_since::{frontier_path, verify_export_since};
use birqadam::audit_cli::{ExportError, FrontierFileError, checkpoint_path};

use super::support::{
    Export, app_without_audit_workers, export, lines, sign, signed_log, synthetic_events,
    tree_caught_up,
};
use crate::helpers::TestApp;

/// A log signed at some size, the checkpoint held then, and the log grown and signed again.
async fn grown_log(app: &TestApp) -> (PathBuf, u64, u64) {
    let old = signed_log(app, 10).await;
    let held = app.data_dir.join("held.checkpoint");
    std::fs::create_dir_all(&app.data_dir).expect("the data dir");
    std::fs::write(&held, &old.note).expect("held");
    synthetic_events(app, 25).await;
    tree_caught_up(app).await;
    let new = sign(app).await;
    (held, old.size, new.size)
}

fn since(export: &Export, held: &Path) -> Result<u64, ExportError> {
    verify_export_since(&export.file, &export.key, held).map(|v| v.size)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_events_after_a_held_checkpoint_verify_alone() {
    let app = app_without_audit_workers().await;
    let (held, m, n) = grown_log(&app).await;

    let increment = export(&app, "new.ndjson", Some(m - 1)).await;

    assert_eq!(
        lines(&increment.bytes()).len() as u64,
        n - m,
        "only the new events"
    );
    assert_eq!(since(&increment, &held).expect("verifies"), n);
    let said =
        birqadam::audit_cli::verify_export_file(&increment.file, &increment.key, &[], Some(&held))
            .expect("verifies");
    assert!(
        said.contains(&format!("extends the held checkpoints of sizes [{m}]")),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_increment_or_frontier_is_refused() {
    let app = app_without_audit_workers().await;
    let (held, m, n) = grown_log(&app).await;
    let increment = export(&app, "new.ndjson", Some(m - 1)).await;
    let bytes = increment.bytes();

    // a value inside a string of a new line: canonical still, only the root tells
    let text = String::from_utf8(bytes.clone())
        .expect("utf-8")
        .replacen("Уборка", "Уборкa", 1);
    let edited = increment.tampered("edited.ndjson", text.as_bytes());
    std::fs::copy(frontier_path(&increment.file), frontier_path(&edited.file)).expect("copied");
    assert!(matches!(
        since(&edited, &held),
        Err(ExportError::RootMismatch { .. })
    ));
    // a new line deleted: named at its position in the whole log
    let mut all = lines(&bytes);
    all.remove(3);
    let deleted = increment.tampered("deleted.ndjson", &all.concat());
    std::fs::copy(frontier_path(&increment.file), frontier_path(&deleted.file)).expect("copied");
    let refused = since(&deleted, &held).expect_err("refused");
    assert_eq!(refused.first_bad_position(), Some(m + 3), "{refused}");
    // the frontier edited: a peak changed, or a size that is not the held one
    let frontier = std::fs::read_to_string(frontier_path(&increment.file)).expect("a frontier");
    let peak = frontier.lines().nth(2).expect("a peak").to_owned();
    let other = birqadam_audit::leaf_hash(b"x").to_base64();
    std::fs::write(
        frontier_path(&increment.file),
        frontier.replacen(&peak, &other, 1),
    )
    .expect("written");
    assert!(matches!(
        since(&increment, &held),
        Err(ExportError::Frontier {
            source: FrontierFileError::WrongRoot,
            ..
        })
    ));
    std::fs::write(frontier_path(&increment.file), &frontier).expect("restored");
    assert_eq!(since(&increment, &held).expect("verifies again"), n);

    // an export that does not start right after the held size
    let early = export(&app, "early.ndjson", Some(m - 2)).await;
    assert!(matches!(
        since(&early, &held),
        Err(ExportError::Frontier {
            source: FrontierFileError::WrongSize { .. },
            ..
        })
    ));
    // a full export has no frontier: refused, not verified some other way
    let full = export(&app, "full.ndjson", None).await;
    assert!(matches!(since(&full, &held), Err(ExportError::Io { .. })));
    // held past the export: the old export's checkpoint against the newer held one
    let newer = app.data_dir.join("newer.checkpoint");
    std::fs::copy(checkpoint_path(&increment.file), &newer).expect("copied");
    let old_checkpoint = held.clone();
    std::fs::copy(&old_checkpoint, checkpoint_path(&early.file)).expect("copied");
    assert!(matches!(
        since(&early, &newer),
        Err(ExportError::HeldBeyondExport { .. })
    ));
}
