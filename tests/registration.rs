//! Registration: one owner per phone and e-mail under concurrency, login by any phone spelling,
//! and bad input refused before anything reaches the event log.

use std::sync::Arc;

use birqadam_domain::identity_claim::IdentityKind;
use reqwest::Method;
use serde_json::Value;
use tokio::sync::Barrier;

use crate::helpers::TestApp;
use crate::helpers::app::Reply;

mod concurrency;
mod invalid_values;
mod lagging_views;
mod login;
mod login_storm;
mod malformed;

const RACERS: usize = 50;

/// Sends every body to `/auth/register` at once (all tasks released by one barrier).
async fn register_all_at_once(app: &TestApp, bodies: Vec<Value>) -> Vec<Reply> {
    let barrier = Arc::new(Barrier::new(bodies.len()));
    let handles: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let client = app.client.clone();
            let url = format!("{}/api/v1/auth/register", app.address);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                let request = client.post(url).json(&body);
                barrier.wait().await;
                TestApp::read(request.send().await.expect("the request is sent")).await
            })
        })
        .collect();
    let mut replies = Vec::with_capacity(handles.len());
    for handle in handles {
        replies.push(handle.await.expect("the racing task finishes"));
    }
    replies
}

/// Events of one identity-claim stream, in order: `(event_type, payload)`.
async fn claim_stream(app: &TestApp, kind: IdentityKind, normalised: &str) -> Vec<(String, Value)> {
    sqlx::query_as(
        "select event_type, payload from events
          where aggregate_type = 'IdentityClaim' and aggregate_id = $1 order by sequence",
    )
    .bind(kind.claim_id(normalised).to_string())
    .fetch_all(&app.pool)
    .await
    .expect("reading a claim stream")
}

/// The `kind` of every `IdentityClaimed` event in the log.
async fn claimed_kinds(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "select payload->'IdentityClaimed'->>'kind' from events
          where event_type = 'IdentityClaimed' order by global_position",
    )
    .fetch_all(&app.pool)
    .await
    .expect("reading claims")
}

/// Sends a registration with a raw body and content type; asserts nothing was appended.
async fn register_raw_appends_nothing(app: &TestApp, content_type: &str, body: &[u8]) -> Reply {
    let before = app.total_events().await;
    let reply = app
        .send_raw(
            Method::POST,
            "/api/v1/auth/register",
            &[("content-type", content_type)],
            Some(body.to_vec()),
        )
        .await;
    assert_eq!(
        app.total_events().await,
        before,
        "a refused registration appends no event"
    );
    reply
}

async fn register_json_appends_nothing(app: &TestApp, body: &Value) -> Reply {
    let bytes = serde_json::to_vec(body).expect("JSON");
    register_raw_appends_nothing(app, "application/json", &bytes).await
}
