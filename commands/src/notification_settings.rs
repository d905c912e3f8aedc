//! A person's notification settings: operational state (like device tokens), not events — a
//! preference changes what the notifier sends next, never what happened.

use birqadam_domain::notification::NotificationSettings;
use uuid::Uuid;

use crate::{CommandError, Commands};

impl Commands {
    /// Stores `account`'s notification settings (already checked by their constructor).
    pub async fn set_notification_settings(
        &self,
        account: Uuid,
        settings: &NotificationSettings,
    ) -> Result<(), CommandError> {
        let muted: Vec<String> = settings
            .muted()
            .map(|(category, channel)| format!("{}:{}", category.as_str(), channel.as_str()))
            .collect();
        let quiet = settings.quiet_hours;
        sqlx::query(
            "insert into notification_settings
                    (account_id, muted, quiet_enabled, quiet_start, quiet_end, updated_at)
             values ($1, $2, $3, $4, $5, now())
             on conflict (account_id) do update
                set muted = excluded.muted, quiet_enabled = excluded.quiet_enabled,
                    quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
                    updated_at = now()",
        )
        .bind(account)
        .bind(muted)
        .bind(quiet.enabled)
        .bind(quiet.start)
        .bind(quiet.end)
        .execute(&self.inner.pool)
        .await?;
        Ok(())
    }
}
