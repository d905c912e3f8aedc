//! `audit export` → `audit verify-export`: clean exports verify, an export never goes past the
//! newest signed checkpoint, and `--after` exports verify together with the earlier part.

use birqadam::audit_cli::ExportError;

use super::support::{
    app_without_audit_workers, export, sign, signed_log, synthetic_events, tree_caught_up,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clean_export_verifies_against_its_signed_checkpoint() {
    let app = app_without_audit_workers().await;
    let signed = signed_log(&app, 50).await;

    let export = export(&app, "log.ndjson", None).await;
    let verified = export.verify(&[]).expect("a clean export verifies");

    assert_eq!(verified.size, signed.size);
    assert_eq!(verified.size, app.total_events().await as u64);
    assert_eq!(verified.root, signed.root);
    assert_eq!(export.checkpoint(), signed.note);
    let said = birqadam::audit_cli::verify_export_file(&export.file, &export.key, &[], None)
        .expect("the CLI agrees");
    assert!(
        said.starts_with(&format!("ok: {} events", signed.size)),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_stops_at_the_newest_signed_checkpoint_when_the_tree_is_ahead() {
    let app = app_without_audit_workers().await;
    let signed = signed_log(&app, 10).await;
    synthetic_events(&app, 7).await;
    let size = tree_caught_up(&app).await;
    assert_eq!(size, signed.size + 7, "the tree is ahead of the checkpoint");

    let export = export(&app, "log.ndjson", None).await;

    let verified = export.verify(&[]).expect("verifies");
    assert_eq!(verified.size, signed.size);
    assert_eq!(
        super::support::lines(&export.bytes()).len() as u64,
        signed.size
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_after_a_position_verifies_only_together_with_the_part_before_it() {
    let app = app_without_audit_workers().await;
    let first = signed_log(&app, 10).await;
    let earlier = export(&app, "earlier.ndjson", None).await;
    synthetic_events(&app, 12).await;
    tree_caught_up(&app).await;
    let second = sign(&app).await;

    let later = export(&app, "later.ndjson", Some(first.size - 1)).await;

    // alone it cannot be checked: its first line is not position 0
    let alone = later
        .verify(&[])
        .expect_err("a partial export alone is refused");
    assert!(
        matches!(alone, ExportError::Position { position: 0, found } if found == first.size),
        "{alone}"
    );
    // together with the earlier export, and against the checkpoint held from then
    let mut whole = earlier.bytes();
    whole.extend(later.bytes());
    let joined = later.tampered("joined.ndjson", &whole);
    let held = birqadam::audit_cli::checkpoint_path(&earlier.file);
    let verified = joined.verify(&[held]).expect("the joined export verifies");
    assert_eq!(
        (verified.size, verified.held),
        (second.size, vec![first.size])
    );
}
