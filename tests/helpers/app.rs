//! `spawn_app`: the real `App` (as `birqadam serve` builds it) on port 0 and a fresh database.

use std::path::PathBuf;
use std::sync::Arc;

use birqadam::app::{App, Workers};
use birqadam::settings::Settings;
use birqadam_commands::Commands;
use birqadam_domain::clock::ManualClock;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::PgPool;

/// A running application and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// HTTP client.
    pub client: reqwest::Client,
    /// The database of this test.
    pub pool: PgPool,
    /// The write side of the running app (for its process managers).
    pub commands: Commands,
    /// The app's clock; tests move it.
    pub clock: ManualClock,
    /// Photos and other files of this test.
    pub data_dir: PathBuf,
}

/// A response read whole.
#[derive(Debug)]
pub struct Reply {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: reqwest::header::HeaderMap,
    /// Body as JSON (`Value::Null` when not JSON).
    pub json: Value,
    /// Raw body.
    pub bytes: Vec<u8>,
}

impl Reply {
    /// The problem code of an error body.
    pub fn code(&self) -> &str {
        self.json["code"].as_str().unwrap_or_default()
    }
}

/// Starts the app with test settings and every worker.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}, Workers::ALL).await
}

/// Starts the app after `configure` adjusts the settings, with the chosen workers.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings), workers: Workers) -> TestApp {
    init_tracing();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let pool = birqadam_projections::testing::fresh_database()
        .await
        .expect("a fresh database (is DATABASE_URL set?)");
    let data_dir =
        std::env::temp_dir().join(format!("birqadam-test-{}", uuid::Uuid::new_v4().simple()));
    let mut settings = Settings::for_tests();
    settings.rate_limits = false;
    // test hashes are cheap (1 MiB); the race tests send 50 registrations at once, more than the
    // production queue admits (the login-storm test sets the production queue itself)
    settings.password_hashing_queue = 256;
    settings.data_dir = data_dir.clone();
    configure(&mut settings);
    let clock = ManualClock::new(chrono::Utc::now());
    let app = App::build(settings, pool.clone(), Arc::new(clock.clone()), workers)
        .await
        .expect("the app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let commands = app.commands.clone();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().build().expect("a client");
    TestApp {
        address,
        client,
        pool,
        commands,
        clock,
        data_dir,
    }
}

fn init_tracing() {
    if std::env::var("TEST_LOG").is_ok() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("info,sqlx=warn")
            .with_test_writer()
            .try_init();
    }
}

impl TestApp {
    /// Sends a request with an optional JSON body and bearer token.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        token: Option<&str>,
    ) -> Reply {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.address));
        if let Some(body) = body {
            request = request.json(body);
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        Self::read(request.send().await.expect("the request is sent")).await
    }

    /// Reads a response whole.
    pub async fn read(response: reqwest::Response) -> Reply {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a body").to_vec();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            json,
            bytes,
        }
    }

    /// POST JSON.
    pub async fn post(&self, path: &str, body: &Value, token: Option<&str>) -> Reply {
        self.send(Method::POST, path, Some(body), token).await
    }

    /// GET.
    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::GET, path, None, token).await
    }

    /// How many events of `event_type` the log holds.
    pub async fn count_events(&self, event_type: &str) -> i64 {
        sqlx::query_scalar("select count(*) from events where event_type = $1")
            .bind(event_type)
            .fetch_one(&self.pool)
            .await
            .expect("counting events")
    }

    /// How many events the log holds.
    pub async fn total_events(&self) -> i64 {
        sqlx::query_scalar("select count(*) from events")
            .fetch_one(&self.pool)
            .await
            .expect("counting events")
    }
}

impl Drop for TestApp {
    /// Removes the test's data directory (photos); the database is left for inspection.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}
