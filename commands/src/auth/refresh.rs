//! Opaque rotating refresh tokens, stored hashed. Presenting a rotated-out token again revokes
//! its whole family (the token was stolen or replayed).

use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use crate::{AuthError, CommandError};

/// The refresh-token store.
#[derive(Clone)]
pub struct RefreshTokens {
    pub(super) pool: PgPool,
    pub(super) ttl: Duration,
}

/// family, account, expiry, rotated at, revocation reason, kind
type TokenRow = (
    Uuid,
    Uuid,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<String>,
    String,
);

pub(super) fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn fresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

impl RefreshTokens {
    /// A store on `pool` whose tokens live for `ttl`.
    pub fn new(pool: PgPool, ttl: Duration) -> Self {
        Self { pool, ttl }
    }

    pub(super) fn expiry(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
            + chrono::Duration::from_std(self.ttl).unwrap_or(chrono::Duration::days(30))
    }

    /// Starts a new family (login, registration).
    pub async fn issue(&self, account: Uuid) -> Result<String, CommandError> {
        self.start_family(account, "rotating").await
    }

    /// Starts a family of `kind` (`rotating`, or `legacy` for the app's door) with a fresh token.
    pub(super) async fn start_family(
        &self,
        account: Uuid,
        kind: &'static str,
    ) -> Result<String, CommandError> {
        let token = fresh_token();
        sqlx::query(
            "insert into refresh_tokens (id, family_id, account_id, token_hash, expires_at, kind)
             values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(Uuid::now_v7())
        .bind(Uuid::now_v7())
        .bind(account)
        .bind(hash(&token))
        .bind(self.expiry())
        .bind(kind)
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    /// Exchanges a token for a new one of the same family; returns the account and the new token.
    pub async fn rotate(&self, token: &str) -> Result<(Uuid, String), CommandError> {
        let mut tx = self.pool.begin().await?;
        let row: Option<TokenRow> = sqlx::query_as(
            "select family_id, account_id, expires_at, rotated_at, revoked_reason, kind
                 from refresh_tokens where token_hash = $1 for update",
        )
        .bind(hash(token))
        .fetch_optional(&mut *tx)
        .await?;
        // a legacy token never rotates (docs/decisions/0019): this door does not know it
        let Some((family, account, expires_at, rotated_at, revoked, _)) =
            row.filter(|r| r.5 == "rotating")
        else {
            return Err(AuthError::InvalidToken.into());
        };
        if rotated_at.is_some() {
            sqlx::query(
                "update refresh_tokens set revoked_at = coalesce(revoked_at, now()), revoked_reason = 'reuse'
                 where family_id = $1",
            )
            .bind(family)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            tracing::warn!(%account, %family, "a rotated refresh token was reused: family revoked");
            return Err(AuthError::RefreshReused.into());
        }
        match revoked.as_deref() {
            Some("reuse") => return Err(AuthError::RefreshReused.into()),
            Some(_) => return Err(AuthError::InvalidToken.into()),
            None => {}
        }
        if expires_at < chrono::Utc::now() {
            return Err(AuthError::TokenExpired.into());
        }
        let next = fresh_token();
        sqlx::query("update refresh_tokens set rotated_at = now() where token_hash = $1")
            .bind(hash(token))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "insert into refresh_tokens (id, family_id, account_id, token_hash, expires_at)
             values ($1, $2, $3, $4, $5)",
        )
        .bind(Uuid::now_v7())
        .bind(family)
        .bind(account)
        .bind(hash(&next))
        .bind(self.expiry())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((account, next))
    }

    /// Revokes the family of `token` (logout); unknown tokens are ignored.
    pub async fn revoke(&self, token: &str) -> Result<(), CommandError> {
        sqlx::query(
            "update refresh_tokens set revoked_at = coalesce(revoked_at, now()),
                    revoked_reason = coalesce(revoked_reason, 'logout')
             where family_id = (select family_id from refresh_tokens where token_hash = $1)",
        )
        .bind(hash(token))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
