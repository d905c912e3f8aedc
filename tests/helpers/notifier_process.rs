//! `birqadam notify` as a child process (a real process, so a test can kill -9 it).

use std::path::PathBuf;

use tokio::process::{Child, Command};

use super::TestApp;
use super::fcm::FakeFcm;
use super::notify::BOT_TOKEN;
use super::telegram::FakeBotApi;

/// The `birqadam` binary, as the test build made it (`tests/bin/birqadam_under_test.rs`).
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_birqadam-under-test"))
}

/// The URL of this test's database (the server of `DATABASE_URL`, the test's database name).
pub async fn database_url(app: &TestApp) -> String {
    let name: String = sqlx::query_scalar("select current_database()")
        .fetch_one(&app.pool)
        .await
        .expect("the database name");
    let base = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let (url, query) = base
        .split_once('?')
        .map_or((base.as_str(), None), |(u, q)| (u, Some(q)));
    let (server, _) = url.rsplit_once('/').expect("a database in DATABASE_URL");
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

/// Starts `birqadam notify` against this test's database and the fakes, with a short lease.
pub async fn spawn_notifier(app: &TestApp, telegram: &FakeBotApi, fcm: &FakeFcm) -> Child {
    let account = fcm.service_account_file(&app.data_dir);
    Command::new(binary())
        .arg("notify")
        .env("DATABASE_URL", database_url(app).await)
        .env("APP_ENV", "development")
        .env("DATA_DIR", &app.data_dir)
        .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
        .env("TELEGRAM_API_URL", telegram.url())
        .env("FCM_SERVICE_ACCOUNT_FILE", account)
        .env("FCM_API_URL", fcm.url())
        .env("NOTIFY_LEASE_SECS", "2")
        .env("NOTIFY_POLL_MS", "100")
        .env("RUST_LOG", "warn")
        .kill_on_drop(true)
        .spawn()
        .expect("starting birqadam notify")
}
