//! A fake Telegram Bot API (the outside world we cannot reach): an axum server on port 0 that
//! answers `/bot{token}/{method}` case-insensitively, serves `getUpdates`, `getFile` and file
//! downloads, records every call, and can be scripted to answer 429 or 403 like Telegram does.
//!
//! Shared by the bot's and the notifier's tests and the notifier benchmark: `FakeBotApi::start()`, point the client at
//! `fake.url()`, push updates with the builders of [`updates`], read [`FakeBotApi::calls`].

pub mod server;
pub mod updates;
mod wire;

pub use server::{Call, FakeBotApi, Limits, Scripted};
