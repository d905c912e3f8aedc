//! Fakes of the outside world the notifier and the bot talk to and the tests cannot reach:
//! Telegram's Bot API and FCM HTTP v1 with its OAuth token endpoint, each a local axum server on
//! port 0 that records every call and can be scripted to fail like the real service. The
//! integration tests drive them call by call; the benchmark harness uses them with Telegram's
//! flood limits enforced. Nothing in production depends on this crate.

pub mod fcm;
pub mod telegram;

/// Polls `read` every 20 ms until `predicate` holds for what it returns, at most `within`;
/// panics naming `fake` and showing the last read otherwise (the test's failure message).
pub(crate) async fn wait_until<T: std::fmt::Debug>(
    fake: &str,
    within: std::time::Duration,
    read: impl Fn() -> Vec<T>,
    predicate: impl Fn(&[T]) -> bool,
) -> Vec<T> {
    let deadline = std::time::Instant::now() + within;
    loop {
        let calls = read();
        if predicate(&calls) {
            return calls;
        }
        if std::time::Instant::now() > deadline {
            panic!("the fake {fake} did not see the expected calls; it saw: {calls:#?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
