//! Signed checkpoints as `serve` makes them, and the signing key's rules.

use std::os::unix::fs::PermissionsExt as _;
use std::sync::Arc;

use birqadam::app::{App, Workers};
use birqadam::settings::{AppEnv, Settings};
use birqadam_audit::Checkpoint;
use birqadam_audit::tree::Frontier;
use birqadam_domain::clock::SystemClock;
use birqadam_projections::audit_store::{self, SignedCheckpoint, latest_checkpoint, lines};

use super::support::{PATIENCE, signing_key, synthetic_events};
use crate::helpers::{TestApp, spawn_app};

/// Waits until the app's signer has signed a checkpoint of at least `size` events.
async fn signed_at_least(app: &TestApp, size: u64) -> SignedCheckpoint {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let latest = latest_checkpoint(&app.pool).await.expect("read");
        if let Some(latest) = latest.filter(|c| c.size >= size) {
            return latest;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no checkpoint of {size} events"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn root_from_lines(app: &TestApp, size: u64) -> birqadam_audit::Hash {
    let stored = lines(&app.pool, 0, size, 1_000_000).await.expect("lines");
    let mut frontier = Frontier::new();
    for (_, line) in &stored {
        frontier.push(birqadam_audit::leaf_hash(line));
    }
    assert_eq!(frontier.size(), size);
    frontier.root()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_running_signer_signs_the_tree_and_its_checkpoint_verifies_with_the_published_key() {
    // Arrange
    let app = spawn_app().await;
    app.core_story().await;
    let events = app.total_events().await as u64;

    // Act
    let signed = signed_at_least(&app, events).await;

    // Assert
    let key = signing_key(&app).verifier();
    let opened = Checkpoint::open(signed.note.as_bytes(), &key).expect("the note verifies");
    assert_eq!(opened.origin, "birqadam.kz/log");
    assert_eq!(opened.size, signed.size);
    assert_eq!(opened.root, root_from_lines(&app, opened.size).await);
    let mut conn = app.pool.acquire().await.expect("a connection");
    let stored = audit_store::root_at(&mut conn, opened.size)
        .await
        .expect("the stored root");
    assert_eq!(opened.root, stored);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_checkpoint_is_signed_within_ten_seconds_after_the_tree_grows() {
    // Arrange
    let app = spawn_app().await;
    synthetic_events(&app, 5).await;
    let first = signed_at_least(&app, 5).await;

    // Act
    synthetic_events(&app, 3).await;
    let grown = std::time::Instant::now();
    let second = signed_at_least(&app, first.size + 3).await;

    // Assert
    assert!(
        grown.elapsed().as_secs() <= 10,
        "took {:?}",
        grown.elapsed()
    );
    let key = signing_key(&app).verifier();
    for signed in [&first, &second] {
        let opened = Checkpoint::open(signed.note.as_bytes(), &key).expect("verifies");
        assert_eq!(opened.root, root_from_lines(&app, opened.size).await);
    }
    let kept: i64 = sqlx::query_scalar("select count(*) from audit_checkpoints")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert!(kept >= 2, "every checkpoint is kept, got {kept}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_without_an_audit_signing_key_refuses_to_build() {
    let pool = birqadam_projections::testing::fresh_database()
        .await
        .expect("a fresh database");
    let mut settings = Settings::for_tests();
    settings.app_env = AppEnv::Production;
    settings.jwt_secret = birqadam::settings::Secret::new("p".repeat(48));
    settings.data_dir =
        std::env::temp_dir().join(format!("birqadam-prod-{}", uuid::Uuid::new_v4()));

    let built = App::build(settings, pool, Arc::new(SystemClock), Workers::ALL).await;

    let error = built.err().expect("production needs a key");
    assert!(
        format!("{error:#}").contains("AUDIT_SIGNING_KEY_FILE"),
        "{error:#}"
    );
}

#[test]
fn the_development_key_is_generated_once_owner_only_and_must_carry_the_log_origin() {
    let mut settings = Settings::for_tests();
    settings.data_dir = std::env::temp_dir().join(format!("birqadam-key-{}", uuid::Uuid::new_v4()));

    let first = birqadam::audit::signing_key(&settings).expect("generated");
    let again = birqadam::audit::signing_key(&settings).expect("read back");

    assert_eq!(first.verifier().to_string(), again.verifier().to_string());
    let file = birqadam::audit::development_key_file(&settings);
    let mode = std::fs::metadata(&file)
        .expect("the key file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    settings.audit_log_origin = "elsewhere.example/log".to_owned();
    let refused = birqadam::audit::signing_key(&settings).expect_err("wrong origin");
    assert!(
        format!("{refused:#}").contains("AUDIT_LOG_ORIGIN"),
        "{refused:#}"
    );
    settings.audit_signing_key_file = Some(file.with_file_name("missing.key"));
    assert!(
        birqadam::audit::signing_key(&settings).is_err(),
        "a missing key file"
    );
    let _ = std::fs::remove_dir_all(&settings.data_dir);
}
