//! Helpers: synthetic events, the audit tree driven by hand, the test's signing key, exports.

use std::path::PathBuf;
use std::time::Duration;

use birqadam::app::Workers;
use birqadam::settings::Settings;
use birqadam_audit::SignerKey;
use birqadam_projections::audit_store::{
    SignedCheckpoint, latest_checkpoint, sign_pending, tree_size,
};
use birqadam_projections::audit_tree::AuditTree;

use crate::helpers::{TestApp, spawn_app_with};

/// Bound for anything that waits on the cluster-wide xmin or the signer.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The app without its own audit workers: the tests drive the tree and the signer by hand.
pub async fn app_without_audit_workers() -> TestApp {
    spawn_app_with(
        |_| {},
        Workers {
            audit: false,
            ..Workers::ALL
        },
    )
    .await
}

/// Appends `n` events with varied payloads (Cyrillic, Kazakh, escapes, a character above
/// U+FFFF, doubles, integers, booleans, nulls, nested arrays), one stream each.
pub async fn synthetic_events(app: &TestApp, n: i64) {
    sqlx::query(
        r#"insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                               payload, metadata)
           select 'Note', gen_random_uuid()::text, 1, 'NoteTaken', '1.0',
                  jsonb_build_object('NoteTaken', jsonb_build_object(
                      'text', 'Уборка №' || i || ' «саябақ» "q" \ é 𝄞 ' || chr(9),
                      'lat', 43.238949 + i / 1000.0, 'n', i, 'big', 18446744073709551615,
                      'tags', jsonb_build_array('a', i, jsonb_build_object('z', 1, 'a', false)),
                      'ok', i % 2 = 0, 'none', null)),
                  jsonb_build_object('actor_id', gen_random_uuid()::text, 'channel', 'api',
                                     'request_id', 'r-' || i)
             from generate_series(1, $1) as i"#,
    )
    .bind(n)
    .execute(&app.pool)
    .await
    .expect("synthetic events inserted");
}

/// Runs the audit tree until it holds every event of the log; returns the tree size.
pub async fn tree_caught_up(app: &TestApp) -> u64 {
    let events = app.total_events().await as u64;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        birqadam_projections::run_once(&app.pool, &AuditTree)
            .await
            .expect("the audit tree runs");
        let size = tree_size(&app.pool).await.expect("the tree size");
        if size == events {
            return size;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the tree stays at {size} of {events}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The key the app loaded: the development key generated under its `DATA_DIR`.
pub fn signing_key(app: &TestApp) -> SignerKey {
    let mut settings = Settings::for_tests();
    settings.data_dir = app.data_dir.clone();
    birqadam::audit::signing_key(&settings).expect("the app's key")
}

/// A checkpoint of the current tree: signed now, or the app's own when its signer (running
/// beside the test, at most 10 s after the tree grows) got there first.
pub async fn sign(app: &TestApp) -> SignedCheckpoint {
    let mut conn = app.pool.acquire().await.expect("a connection");
    let signed = sign_pending(&mut conn, &signing_key(app))
        .await
        .expect("the signer runs");
    if let Some(signed) = signed {
        return signed;
    }
    let size = tree_size(&mut *conn).await.expect("the tree size");
    let latest = latest_checkpoint(&mut *conn)
        .await
        .expect("reading the checkpoints")
        .expect("a checkpoint of a tree that grew");
    assert_eq!(latest.size, size, "the newest checkpoint covers the tree");
    latest
}

/// An export on disk and the key that verifies it.
pub struct Export {
    /// The NDJSON file (its checkpoint is `FILE.checkpoint`).
    pub file: PathBuf,
    /// The verifier key string.
    pub key: String,
}

impl Export {
    /// The export's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.file).expect("the export is readable")
    }

    /// The export's checkpoint note.
    pub fn checkpoint(&self) -> String {
        std::fs::read_to_string(birqadam::audit_cli::checkpoint_path(&self.file))
            .expect("the checkpoint is readable")
    }

    /// A copy of this export named `name` with other lines (and the same checkpoint).
    pub fn tampered(&self, name: &str, bytes: &[u8]) -> Export {
        let file = self.file.with_file_name(name);
        std::fs::write(&file, bytes).expect("written");
        std::fs::write(
            birqadam::audit_cli::checkpoint_path(&file),
            self.checkpoint(),
        )
        .expect("written");
        Export {
            file,
            key: self.key.clone(),
        }
    }

    /// `verify-export` of this file with the held checkpoint files.
    pub fn verify(
        &self,
        held: &[PathBuf],
    ) -> Result<birqadam::audit_cli::VerifiedExport, birqadam::audit_cli::ExportError> {
        birqadam::audit_cli::verify_export(&self.file, &self.key, held)
    }
}

/// Exports the whole log of `app` (after `after`) to `name` in its data directory.
pub async fn export(app: &TestApp, name: &str, after: Option<u64>) -> Export {
    std::fs::create_dir_all(&app.data_dir).expect("the data dir");
    let file = app.data_dir.join(name);
    birqadam::audit_cli::export(&app.pool, after, &file)
        .await
        .expect("the export runs");
    Export {
        file,
        key: signing_key(app).verifier().to_string(),
    }
}

/// A story of real commands plus `synthetic` more events, all in the tree and signed.
pub async fn signed_log(app: &TestApp, synthetic: i64) -> SignedCheckpoint {
    app.core_story().await;
    synthetic_events(app, synthetic).await;
    tree_caught_up(app).await;
    sign(app).await
}

/// Lines of an export, each with its newline.
pub fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}
