//! Login, refresh-token rotation, logout and access-token verification.

use birqadam_domain::identity_claim::IdentityKind;
use birqadam_domain::values::{Email, PhoneNumber};
use uuid::Uuid;

use crate::{AuthError, CommandError, Commands, Tokens};

impl Commands {
    /// Logs in by e-mail or phone (any common spelling) and password.
    #[tracing::instrument(skip_all, err)]
    pub async fn login(&self, login: &str, password: &str) -> Result<(Uuid, Tokens), CommandError> {
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
        let refresh = self.inner.refresh.issue(id).await?;
        Ok((id, self.tokens_for(id, refresh).await?))
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
