//! Test support: spawn the real app on a fresh database, and typed helpers per endpoint.

pub mod app;
pub mod bot;
pub mod core;
pub mod fixtures;
pub mod notifier_process;
pub mod notify;
pub mod requests;

pub use app::{TestApp, spawn_app, spawn_app_with};
pub use birqadam_fakes::{fcm, telegram};
