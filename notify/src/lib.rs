//! The notifier: every person hears what concerns them, by Telegram and push, once, never
//! blocking a request.
//!
//! A log consumer ([`consumer::Planner`], checkpoint `notify`) maps events to notifications and
//! writes one row per (event, recipient, channel, kind) to the delivery log in the transaction
//! that moves its checkpoint. Sender loops claim due rows under a lease, render them in the
//! recipient's language at send time, send them through the Telegram Bot API and FCM HTTP v1,
//! and mark them (`sent`, `skipped`, `dead`, `failed_permanent`, or back to `pending` with a
//! backoff). Contact data (chat ids, device tokens) comes from the views and tables, never from
//! events. This crate depends on `commands`, `projections`, `domain`, `texts` and `telegram`,
//! never on another adapter (`api`, `bot`).

pub mod consumer;
pub mod fcm;
pub mod kind;
pub mod mapping;
pub mod notifier;
pub mod render;
pub mod sender;
pub mod store;
pub mod telegram;
pub mod throttle;

pub use consumer::Planner;
pub use kind::Kind;
pub use notifier::{FcmConfig, NotifySettings, TelegramConfig, spawn};
pub use sender::Reachability;
