//! The axum adapter of BirQadam: its settings slice, the one problem+json error type, extractors,
//! request ids, idempotency, rate limits, metrics, health and docs routes, and startup. It is thin:
//! handlers extract, parse DTOs into domain types, call one `Commands`/`Queries` facade method and
//! map the result. No SQL and no cqrs-es types here (stored idempotent responses go through
//! `birqadam_commands::idempotency`). It depends on `domain`, `texts`, `projections`,
//! `commands` and `photos`, never on another adapter; the composition root hands it its
//! [`HttpSettings`].
//!
//! Plugging in (the composition root): build the resource routes as `Router<AppState>` with paths
//! relative to `/api/v1`, guard login/registration/uploads with [`rate_limit::RateLimits`], then
//! [`startup::build_router`]`(routes, state, pool, readiness, &settings)` and
//! [`startup::Application::bind`] + `run_until_stopped()`.

pub mod auth;
pub mod dto;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod language;
pub mod legacy;
pub mod metrics;
pub mod pagination;
pub mod problems;
pub mod rate_limit;
pub mod request_id;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod state;

#[cfg(test)]
mod test_support;

pub use error::{ApiError, FieldError};
pub use extract::{AppJson, AppPath, AppQuery, Validator};
pub use request_id::RequestMeta;
pub use routes::health::{ReadinessCheck, always_ready};
pub use settings::{HttpSettings, PhotoUrlSecret};
pub use startup::{Application, build_router, serve, shutdown_signal};
