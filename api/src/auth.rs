//! The authenticated caller: a verified access token whose account still exists.

use std::collections::BTreeSet;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use birqadam_commands::{AuthError, CommandContext};
use birqadam_domain::{Actor, Channel, Role};
use birqadam_projections::Viewer;
use uuid::Uuid;

use crate::RequestMeta;
use crate::error::ApiError;
use crate::state::AppState;

/// A signed-in caller. Roles come from the accounts view (fresh after an approval), not from
/// the token alone.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The account id.
    pub id: Uuid,
    /// Current roles.
    pub roles: BTreeSet<Role>,
}

impl AuthUser {
    /// The caller as a reader of the views (what they may see is decided by `Queries`).
    pub fn viewer(&self) -> Viewer {
        let roles: Vec<Role> = self.roles.iter().copied().collect();
        Viewer::new(self.id, &roles)
    }

    /// The caller as a domain actor.
    pub fn actor(&self) -> Actor {
        Actor::account(self.id, self.roles.iter().copied())
    }

    /// Whether the caller holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Refuses callers without `role` (403).
    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.has(role) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    /// The command context of a request by this caller.
    pub fn context(&self, meta: &RequestMeta) -> CommandContext {
        CommandContext {
            actor: self.actor(),
            channel: Channel::Api,
            request_id: Some(meta.request_id.clone()),
            idempotency_key: meta.idempotency_key.clone(),
        }
    }
}

/// The command context of an anonymous request (registration, login).
pub fn anonymous_context(meta: &RequestMeta) -> CommandContext {
    CommandContext {
        actor: Actor::anonymous(),
        channel: Channel::Api,
        request_id: Some(meta.request_id.clone()),
        idempotency_key: meta.idempotency_key.clone(),
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| ApiError::unauthenticated("auth.required"))?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .ok_or_else(|| ApiError::unauthenticated("auth.required"))?;
        let claims = state
            .commands
            .verify_access(token.trim())
            .map_err(ApiError::from)?;
        let account = state
            .queries
            .account(claims.sub)
            .await?
            .ok_or_else(|| ApiError::from(AuthError::InvalidToken))?;
        if account.blocked {
            return Err(ApiError::forbidden());
        }
        let roles = account
            .roles
            .iter()
            .filter_map(|r| r.parse().ok())
            .collect();
        Ok(Self {
            id: claims.sub,
            roles,
        })
    }
}

/// `Option<AuthUser>`: `None` for a request without an `Authorization` header (an anonymous
/// reader of a public page); a header that is present must be a valid token, as for `AuthUser`.
impl axum::extract::OptionalFromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        if !parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION)
        {
            return Ok(None);
        }
        <Self as FromRequestParts<AppState>>::from_request_parts(parts, state)
            .await
            .map(Some)
    }
}
