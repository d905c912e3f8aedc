//! The notifier end to end: the real app against the fake Telegram Bot API and the fake FCM with
//! its OAuth endpoint, PostgreSQL real; the fakes' logs are what reached the providers.

mod achievements;
mod crash;
mod delivery;
mod lagging;
mod operations;
mod push;
mod rate;
mod settings;
mod telegram;
