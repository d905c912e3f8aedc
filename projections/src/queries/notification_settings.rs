//! A person's notification settings (`notification_settings`, written by `commands`; no row
//! means the defaults). The notifier reads them at send time through the same function.

use birqadam_domain::notification::{Category, DeliveryChannel, NotificationSettings, QuietHours};
use chrono::NaiveTime;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::Queries;
use crate::error::QueryError;

/// The settings of `account` (the defaults when it never changed them). A stored pair this
/// version does not know is ignored; stored rows that break the rules read as the defaults.
pub async fn load<'e>(
    conn: impl PgExecutor<'e>,
    account: Uuid,
) -> Result<NotificationSettings, sqlx::Error> {
    let row: Option<(Vec<String>, bool, NaiveTime, NaiveTime)> = sqlx::query_as(
        "select muted, quiet_enabled, quiet_start, quiet_end from notification_settings
          where account_id = $1",
    )
    .bind(account)
    .fetch_optional(conn)
    .await?;
    let Some((muted, enabled, start, end)) = row else {
        return Ok(NotificationSettings::default());
    };
    let muted = muted.iter().filter_map(|pair| {
        let (category, channel) = pair.split_once(':')?;
        Some((Category::parse(category)?, DeliveryChannel::parse(channel)?))
    });
    let quiet = QuietHours {
        enabled,
        start,
        end,
    };
    Ok(NotificationSettings::new(muted, quiet).unwrap_or_default())
}

impl Queries {
    /// The notification settings of `account`.
    pub async fn notification_settings(
        &self,
        account: Uuid,
    ) -> Result<NotificationSettings, QueryError> {
        Ok(load(&self.pool, account).await?)
    }
}
