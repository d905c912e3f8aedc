//! Organizer onboarding: applications and their moderation by admins; admin role grants and session revocation.

mod application;
mod moderation;
mod roles;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;
use application::submit_organizer_application;
use moderation::{approve_organizer, list_organizer_applications, reject_organizer};
use roles::{grant_roles, revoke_sessions};

/// The organizer routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizer-application", post(submit_organizer_application))
        .route(
            "/admin/organizer-applications",
            get(list_organizer_applications),
        )
        .route(
            "/admin/organizer-applications/{account_id}/approve",
            post(approve_organizer),
        )
        .route(
            "/admin/organizer-applications/{account_id}/reject",
            post(reject_organizer),
        )
        .route("/admin/accounts/{account_id}/roles", post(grant_roles))
        .route(
            "/admin/accounts/{account_id}/revoke-sessions",
            post(revoke_sessions),
        )
}
