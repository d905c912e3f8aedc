//! Push-notification device tokens and Telegram link codes (operational state, not events).

use chrono::{DateTime, Utc};
use rand::Rng;
use uuid::Uuid;

use crate::{CommandError, Commands};

/// How long a Telegram link code is valid.
const LINK_CODE_TTL_MINUTES: i64 = 10;

/// A mobile platform for push notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Android (FCM).
    Android,
    /// iOS (FCM via APNs).
    Ios,
}

impl Platform {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Android => "android",
            Self::Ios => "ios",
        }
    }
}

impl Commands {
    /// Registers (or moves to this account) a device token.
    pub async fn register_device(
        &self,
        account: Uuid,
        token: &str,
        platform: Platform,
    ) -> Result<(), CommandError> {
        sqlx::query(
            "insert into devices (token, account_id, platform) values ($1, $2, $3)
             on conflict (token) do update set account_id = excluded.account_id, platform = excluded.platform",
        )
        .bind(token)
        .bind(account)
        .bind(platform.as_str())
        .execute(&self.inner.pool)
        .await?;
        Ok(())
    }

    /// Removes one of the account's device tokens; another account's token is "not found".
    pub async fn remove_device(&self, account: Uuid, token: &str) -> Result<(), CommandError> {
        let done = sqlx::query("delete from devices where token = $1 and account_id = $2")
            .bind(token)
            .bind(account)
            .execute(&self.inner.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(CommandError::NotFound);
        }
        Ok(())
    }

    /// Issues a 6-digit, 10-minute, one-use code for the bot's `/link CODE`; earlier unused codes
    /// of the account stop working.
    pub async fn telegram_link_code(
        &self,
        account: Uuid,
    ) -> Result<(String, DateTime<Utc>), CommandError> {
        let expires_at = Utc::now() + chrono::Duration::minutes(LINK_CODE_TTL_MINUTES);
        for _ in 0..10 {
            let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
            let mut tx = self.inner.pool.begin().await?;
            sqlx::query("update telegram_link_codes set used_at = now() where account_id = $1 and used_at is null")
                .bind(account)
                .execute(&mut *tx)
                .await?;
            sqlx::query("delete from telegram_link_codes where code = $1 and (used_at is not null or expires_at < now())")
                .bind(&code)
                .execute(&mut *tx)
                .await?;
            let inserted = sqlx::query(
                "insert into telegram_link_codes (code, account_id, expires_at) values ($1, $2, $3)
                 on conflict (code) do nothing",
            )
            .bind(&code)
            .bind(account)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() == 1 {
                tx.commit().await?;
                return Ok((code, expires_at));
            }
        }
        Err(CommandError::Conflict)
    }
}
