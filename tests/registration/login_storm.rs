//! A login storm with the production Argon2 cost is bounded in memory: one hash per core runs,
//! a short queue waits, and the rest are told to come back (503 `service.busy`, `Retry-After`).

use std::sync::Arc;

use birqadam::app::Workers;
use birqadam::settings::Argon2Params;
use serde_json::json;
use tokio::sync::Barrier;

use crate::helpers::app::Reply;
use crate::helpers::requests::registration;
use crate::helpers::{TestApp, spawn_app_with};

const LOGINS: usize = 200;

/// The production default of `PASSWORD_HASHING_QUEUE`.
const QUEUE: usize = 16;

/// One hash's memory (19 MiB) with room for the allocator, in KiB.
const HASH_KIB: u64 = 20 * 1024;

/// The process's peak resident memory (`VmHWM`), in KiB. nextest runs every test in its own
/// process, so the peak is this test's.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("reading /proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmHWM line in kB")
}

async fn log_in_all_at_once(app: &TestApp, body: &serde_json::Value) -> Vec<Reply> {
    let barrier = Arc::new(Barrier::new(LOGINS));
    let handles: Vec<_> = (0..LOGINS)
        .map(|_| {
            let request = app
                .client
                .post(format!("{}/api/v1/auth/login", app.address))
                .json(body);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                barrier.wait().await;
                TestApp::read(request.send().await.expect("the request is sent")).await
            })
        })
        .collect();
    let mut replies = Vec::with_capacity(LOGINS);
    for handle in handles {
        replies.push(handle.await.expect("the login task finishes"));
    }
    replies
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_logins_stay_within_a_few_hashes_of_memory() {
    // Arrange: the production Argon2 cost and queue
    let app = spawn_app_with(
        |s| {
            s.argon2 = Argon2Params {
                memory_kib: 19_456,
                iterations: 2,
                parallelism: 1,
            };
            s.password_hashing_queue = QUEUE;
        },
        Workers::ALL,
    )
    .await;
    let permits = std::thread::available_parallelism().map_or(1, usize::from);
    let reply = app
        .register(&registration("Айгерим", "storm@test.kz", None))
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let login = json!({"login": "storm@test.kz", "password": "password123"});
    let before = peak_rss_kib();

    // Act
    let replies = log_in_all_at_once(&app, &login).await;
    let after = peak_rss_kib();

    // Assert
    let bound = u64::try_from(permits + QUEUE + 4).expect("a small number") * HASH_KIB;
    assert!(
        after - before <= bound,
        "peak RSS grew by {} KiB during the storm, over the bound of {bound} KiB",
        after - before
    );
    let mut succeeded = 0;
    for reply in &replies {
        match reply.status.as_u16() {
            200 => succeeded += 1,
            503 => {
                assert_eq!(reply.code(), "service.busy", "{:?}", reply.json);
                assert!(
                    reply.headers.get("retry-after").is_some(),
                    "a 503 without Retry-After"
                );
            }
            other => panic!("unexpected {other}: {:?}", reply.json),
        }
    }
    assert!(
        succeeded >= permits,
        "only {succeeded} of {LOGINS} logins succeeded"
    );
    let retry = app.post("/api/v1/auth/login", &login, None).await;
    assert_eq!(retry.status, 200, "{:?}", retry.json);
}
