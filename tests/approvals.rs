//! Report approval: exactly-once credit under concurrency, approve/reject races, crash recovery
//! through the rating process manager, the 750 cap, and the comment rule.

use std::sync::Arc;

use serde_json::Value;
use tokio::sync::Barrier;

mod concurrency;
mod hot;
mod recovery;
mod resubmission;
mod rules;
mod stale;

/// Sends `bodies.len()` POSTs at once (released by a barrier); returns `(path kind, status, code)`.
async fn race(
    client: &reqwest::Client,
    requests: Vec<(String, Value)>,
    token: &str,
) -> Vec<(String, u16, String)> {
    let barrier = Arc::new(Barrier::new(requests.len()));
    let mut handles = Vec::new();
    for (url, body) in requests {
        let client = client.clone();
        let barrier = Arc::clone(&barrier);
        let token = token.to_owned();
        handles.push(tokio::spawn(async move {
            barrier.wait().await;
            let response = client
                .post(&url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("the request is sent");
            let status = response.status().as_u16();
            let json: Value = response.json().await.unwrap_or(Value::Null);
            let code = json["code"].as_str().unwrap_or_default().to_owned();
            (url, status, code)
        }));
    }
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.expect("a racing request finishes"));
    }
    out
}
