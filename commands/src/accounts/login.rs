//! Login, refresh-token rotation, logout and access-token verification.

use birqadam_domain::identity_claim::IdentityKind;
use birqadam_domain::values::{Email, PhoneNumber};
use uuid::Uuid;

use birqadam_domain::Role;
use birqadam_domain::account::{Account, AccountError};

use crate::auth::SessionKind;
use crate::store;
use crate::{AuthError, CommandContext, CommandError, Commands, DomainError, Tokens};

impl Commands {
    /// Logs in by e-mail or phone (any common spelling) and password.
    #[tracing::instrument(skip_all, err)]
    pub async fn login(&self, login: &str, password: &str) -> Result<(Uuid, Tokens), CommandError> {
        self.login_with(login, password, SessionKind::Rotating)
            .await
    }

    /// Logs in like [`Commands::login`], starting a session of `kind` (the legacy door asks for
    /// [`SessionKind::Legacy`], docs/decisions/0019).
    #[tracing::instrument(skip_all, err)]
    pub async fn login_with(
        &self,
        login: &str,
        password: &str,
        kind: SessionKind,
    ) -> Result<(Uuid, Tokens), CommandError> {
        let identity = if login.contains('@') {
            Email::parse(login)
                .ok()
                .map(|e| (IdentityKind::Email, e.as_str().to_owned()))
        } else {
            PhoneNumber::parse(login)
                .ok()
                .map(|p| (IdentityKind::Phone, p.as_str().to_owned()))
        };
        let owner = match &identity {
            Some((kind, value)) => self.owner_of(*kind, value).await?,
            None => None,
        };
        let stored: Option<String> = match owner {
            Some(id) => {
                sqlx::query_scalar("select password_hash from credentials where account_id = $1")
                    .bind(id)
                    .fetch_optional(&self.inner.pool)
                    .await?
            }
            None => None,
        };
        if !self.inner.passwords.verify(password, stored).await? {
            return Err(AuthError::InvalidCredentials.into());
        }
        let id = owner.ok_or(AuthError::InvalidCredentials)?;
        let refresh = self.issue_refresh(id, kind).await?;
        Ok((id, self.tokens_for(id, refresh).await?))
    }

    pub(super) async fn issue_refresh(
        &self,
        id: Uuid,
        kind: SessionKind,
    ) -> Result<String, CommandError> {
        match kind {
            SessionKind::Rotating => self.inner.refresh.issue(id).await,
            SessionKind::Legacy => self.inner.refresh.issue_legacy(id).await,
        }
    }

    /// A new access token for a legacy refresh token, which stays valid and unchanged
    /// (docs/decisions/0019); returns the account and the access token.
    #[tracing::instrument(skip_all, err)]
    pub async fn refresh_legacy(&self, token: &str) -> Result<(Uuid, String), CommandError> {
        let account = self.inner.refresh.renew_legacy(token).await?;
        let (state, _) = store::load::<Account>(&self.inner.pool, &account.to_string()).await?;
        let roles: Vec<Role> = state.roles().iter().copied().collect();
        Ok((account, self.inner.access.issue(account, roles)?))
    }

    /// Revokes every refresh token of `account`, of both doors (admins only); returns how
    /// many were still valid.
    #[tracing::instrument(skip_all, err)]
    pub async fn revoke_sessions(
        &self,
        ctx: &CommandContext,
        account: Uuid,
    ) -> Result<u64, CommandError> {
        if !ctx.actor.is_admin() {
            return Err(DomainError::from(AccountError::Forbidden).into());
        }
        self.inner.refresh.revoke_account(account).await
    }

    /// Rotates a refresh token.
    #[tracing::instrument(skip_all, err)]
    pub async fn refresh(&self, token: &str) -> Result<(Uuid, Tokens), CommandError> {
        let (account, next) = self.inner.refresh.rotate(token).await?;
        Ok((account, self.tokens_for(account, next).await?))
    }

    /// Revokes the refresh-token family of `token`.
    pub async fn logout(&self, token: &str) -> Result<(), CommandError> {
        self.inner.refresh.revoke(token).await
    }

    /// Verifies an access token.
    pub fn verify_access(&self, token: &str) -> Result<crate::AccessClaims, AuthError> {
        self.inner.access.verify(token)
    }
}
