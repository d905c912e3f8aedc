//! Operational routes owned by the infrastructure: health, metrics, docs. Resource routes
//! (`auth`, `accounts`, `projects`, …) live next to these, one module each, with `router()`.

pub mod audit;
pub mod auth;
pub mod docs;
pub mod health;
pub mod me;
pub mod notification_settings;
pub mod organizers;
pub mod projects;
pub mod rating;
pub mod reports;
pub mod tasks;

use axum::Router;
use sqlx::PgPool;

use crate::rate_limit::RateLimits;
use crate::settings::HttpSettings;
use crate::state::AppState;

/// Every resource route under `/api/v1`, with rate limits, wrapped in the application stack.
pub fn api_router(
    settings: &HttpSettings,
    state: AppState,
    pool: PgPool,
    readiness: health::ReadinessCheck,
) -> Router {
    let limits = RateLimits::new(settings);
    limits.spawn_cleanup();
    let resources = Router::new()
        .merge(limits.login(auth::login_router()))
        .merge(limits.registration(auth::registration_router()))
        .merge(auth::router())
        .merge(me::router())
        .merge(notification_settings::router())
        .merge(organizers::router())
        .merge(projects::router())
        .merge(tasks::router())
        .merge(limits.uploads(reports::upload_router()))
        .merge(reports::router())
        .merge(rating::router())
        .merge(audit::router());
    let legacy = crate::legacy::router(&limits, state.clone());
    crate::startup::build_router_with(resources, legacy, state, pool, readiness, settings)
}
