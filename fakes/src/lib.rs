//! Fakes of the outside world the notifier and the bot talk to and the tests cannot reach:
//! Telegram's Bot API and FCM HTTP v1 with its OAuth token endpoint, each a local axum server on
//! port 0 that records every call and can be scripted to fail like the real service. The
//! integration tests drive them call by call; the benchmark harness uses them with Telegram's
//! flood limits enforced. Nothing in production depends on this crate.

pub mod fcm;
pub mod telegram;
