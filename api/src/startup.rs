//! Assembles the application router (operational routes, fallbacks, the layer stack) around the
//! resource routes, and serves it with graceful shutdown.

mod layers;

pub(crate) use layers::problem_for_bare_errors;

use std::net::SocketAddr;

use anyhow::Context;
use axum::Router;
use axum::routing::get;
use sqlx::PgPool;
use tokio::net::TcpListener;

use crate::error::ApiError;
use crate::routes::health::ReadinessCheck;
use crate::routes::{docs, health};
use crate::settings::HttpSettings;

/// The base path of the REST API; `api_routes` are nested under it.
pub const API_PREFIX: &str = "/api/v1";

/// The whole application: `api_routes` (paths relative to `/api/v1`, e.g. `/auth/login`) with
/// their `state`, plus `/health/*`, `/metrics`, `/api/v1/openapi.json`, `/docs`, problem+json
/// 404/405 fallbacks and the layer stack (outermost first): catch-panic → set request id → trace
/// → propagate request id → CORS → metrics → security headers → language → bare-error mapping →
/// idempotency → body limit → timeout.
pub fn build_router<S>(
    api_routes: Router<S>,
    state: S,
    pool: PgPool,
    readiness: ReadinessCheck,
    settings: &HttpSettings,
) -> Router
where
    S: Clone + Send + Sync + 'static,
{
    build_router_with(api_routes, Router::new(), state, pool, readiness, settings)
}

/// [`build_router`] with `other_routes` (absolute paths, state applied: the legacy door of
/// `crate::legacy`) merged in, inside the same layer stack.
pub fn build_router_with<S>(
    api_routes: Router<S>,
    other_routes: Router,
    state: S,
    pool: PgPool,
    readiness: ReadinessCheck,
    settings: &HttpSettings,
) -> Router
where
    S: Clone + Send + Sync + 'static,
{
    crate::metrics::handle();
    let app = Router::new()
        .nest(API_PREFIX, api_routes.with_state(state))
        .merge(other_routes)
        .merge(health::router(pool.clone(), readiness))
        .merge(docs::router())
        .route("/metrics", get(crate::metrics::render))
        .fallback(fallback);
    layers::apply(app, pool, settings)
}

async fn fallback() -> ApiError {
    ApiError::not_found()
}

/// Serves `router` on `listener` until `shutdown` completes, with peer addresses available to the
/// rate limiter.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .context("HTTP server failed")
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received, draining connections");
}

/// A bound listener and its router (port 0 in tests picks a free port).
pub struct Application {
    listener: TcpListener,
    router: Router,
    port: u16,
}

impl Application {
    /// Binds `settings.http_addr`.
    pub async fn bind(settings: &HttpSettings, router: Router) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&settings.http_addr)
            .await
            .with_context(|| format!("cannot bind HTTP_ADDR {}", settings.http_addr))?;
        let port = listener
            .local_addr()
            .context("listener has no address")?
            .port();
        Ok(Self {
            listener,
            router,
            port,
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        tracing::info!(port = self.port, "listening");
        serve(self.listener, self.router, shutdown_signal()).await
    }
}

#[cfg(test)]
mod tests;
