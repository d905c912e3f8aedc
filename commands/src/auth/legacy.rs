//! Refresh tokens of the legacy door (docs/decisions/0019). The existing mobile app stores the
//! refresh token of its login or registration and never reads another, so a legacy token is
//! never rotated: each use renews only the access token and slides the token's expiry. It is a
//! family of one, revoked by logout (either door) or by an admin, like any family. `/api/v1`
//! refuses legacy tokens and this door refuses rotating ones, so neither policy leaks into the
//! other.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::refresh::{RefreshTokens, hash};
use crate::{AuthError, CommandError};

/// account, expiry, revocation reason, kind
type LegacyRow = (Uuid, DateTime<Utc>, Option<String>, String);

impl RefreshTokens {
    /// Starts a legacy family (legacy login, legacy registration).
    pub async fn issue_legacy(&self, account: Uuid) -> Result<String, CommandError> {
        self.start_family(account, "legacy").await
    }

    /// Checks a legacy token and slides its expiry; returns its account. The token stays the
    /// same: nothing is rotated, so presenting it again is the normal case, not a reuse.
    pub async fn renew_legacy(&self, token: &str) -> Result<Uuid, CommandError> {
        let mut tx = self.pool.begin().await?;
        let row: Option<LegacyRow> = sqlx::query_as(
            "select account_id, expires_at, revoked_reason, kind
               from refresh_tokens where token_hash = $1 for update",
        )
        .bind(hash(token))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((account, expires_at, revoked, _)) = row.filter(|r| r.3 == "legacy") else {
            return Err(AuthError::InvalidToken.into());
        };
        if revoked.is_some() {
            return Err(AuthError::InvalidToken.into());
        }
        if expires_at < Utc::now() {
            return Err(AuthError::TokenExpired.into());
        }
        sqlx::query("update refresh_tokens set expires_at = $2 where token_hash = $1")
            .bind(hash(token))
            .bind(self.expiry())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(account)
    }

    /// Revokes every refresh token of an account, of both kinds (an admin's decision).
    pub async fn revoke_account(&self, account: Uuid) -> Result<u64, CommandError> {
        let done = sqlx::query(
            "update refresh_tokens set revoked_at = now(), revoked_reason = 'admin'
              where account_id = $1 and revoked_at is null",
        )
        .bind(account)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}
