//! One integration-test binary: the real application (HTTP server on a random port, projectors,
//! process managers) against a fresh PostgreSQL database per test.

mod approvals;
mod audit;
mod authorization;
mod bot;
mod group_commit;
mod helpers;
mod hot_streams;
mod idempotency;
mod leaderboard;
mod legacy;
mod me;
mod notify;
mod operations;
mod organizers;
mod paging;
mod registration;
mod replay;
mod smoke;
mod tasks;
mod telegram_fake;
mod tokens;
mod uploads;
