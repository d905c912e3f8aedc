//! The `birqadam` binary's library half: command-line interface, the embedded local PostgreSQL,
//! the service-wide settings and telemetry, and the composition root that wires the database,
//! projections, commands and the HTTP API (each adapter gets its typed slice of the settings).
//! Kept as a library so integration tests can start exactly what `birqadam serve` starts.

pub mod app;
pub mod audit;
pub mod audit_cli;
pub mod cli;
pub mod db;
pub mod health;
pub mod local_pg;
pub mod notifier;
mod output;
mod run;
pub mod seed;
pub mod settings;
pub mod telemetry;

pub use run::{main, run};
