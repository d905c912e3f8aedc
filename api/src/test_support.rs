//! Test helpers: a fresh migrated database per test, and one-shot requests against a router.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, Executor, PgConnection, PgPool};
use tower::ServiceExt;

/// The server tests run against (see the brief: a hand-started cluster on port 55434).
pub fn database_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:55434/postgres".to_owned())
}

/// A pool on a fresh database `t_<uuid>` with every migration applied.
pub async fn fresh_pool() -> PgPool {
    init_tracing();
    let url = database_url();
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&url)
        .await
        .expect("connect to DATABASE_URL (is PostgreSQL running?)");
    admin
        .execute(format!("create database {name}").as_str())
        .await
        .expect("create test database");
    let base = url.rsplit_once('/').map_or(url.as_str(), |(base, _)| base);
    let pool = PgPoolOptions::new()
        .max_connections(5)
        .connect(&format!("{base}/{name}"))
        .await
        .expect("connect to test db");
    sqlx::migrate!("../migrations")
        .run(&pool)
        .await
        .expect("migrate test database");
    pool
}

/// A pool that never connects (for routers whose tests do not touch the database).
pub fn lazy_pool() -> PgPool {
    PgPoolOptions::new()
        .connect_lazy("postgres://nobody@127.0.0.1:1/none")
        .expect("a valid URL")
}

/// The parts of a response tests look at.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl TestResponse {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes).expect("a JSON body")
    }

    /// A header as a string, "" when absent.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// Sends one request (from 10.0.0.1) through `router`.
pub async fn send(router: &Router, mut request: Request<Body>) -> TestResponse {
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 40000))));
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body")
        .to_vec();
    TestResponse {
        status,
        headers,
        bytes,
    }
}

/// A request builder shortcut: `req("POST", "/x").header(..).body(..)`.
pub fn req(method: &str, uri: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(uri)
}

/// A JSON request.
pub fn json_req(method: &str, uri: &str, body: &str) -> Request<Body> {
    req(method, uri)
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .expect("request")
}

/// The HTTP settings of unit tests: the defaults on a free port.
pub fn http_settings() -> crate::HttpSettings {
    crate::HttpSettings {
        http_addr: "127.0.0.1:0".to_owned(),
        ..crate::HttpSettings::default()
    }
}

/// Tracing for unit tests: silent unless `TEST_LOG` is set.
pub fn init_tracing() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let filter = if std::env::var_os("TEST_LOG").is_some() {
            "debug"
        } else {
            "off"
        };
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_test_writer()
            .try_init();
    });
}
