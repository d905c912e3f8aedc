//! What a person chose about notifications: mutes per category × channel and quiet hours.
//!
//! Pure rules shared by the REST API (which edits them), the write side (which stores them, as
//! operational state outside the log) and the notifier (which obeys them at send time).

mod quiet;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

pub use quiet::QuietHours;

/// A kind of notification a person can mute per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Tasks offered to the person, and cancelled ones.
    Tasks,
    /// Decisions on the person's photo reports (never muted on every channel).
    Moderation,
    /// Reports waiting for the person's moderation (organizers).
    Reports,
    /// Decisions on the person's organizer application.
    Organizer,
    /// Decisions on the person's projects, and deleted projects they belong to.
    Projects,
    /// Achievements the person unlocked.
    Achievements,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Self; 6] = [
        Self::Tasks,
        Self::Moderation,
        Self::Reports,
        Self::Organizer,
        Self::Projects,
        Self::Achievements,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tasks => "tasks",
            Self::Moderation => "moderation",
            Self::Reports => "reports",
            Self::Organizer => "organizer",
            Self::Projects => "projects",
            Self::Achievements => "achievements",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// A way a notification reaches a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryChannel {
    /// A message from the Telegram bot.
    Telegram,
    /// A push notification to the person's registered devices (FCM).
    Push,
}

impl DeliveryChannel {
    /// Both channels.
    pub const ALL: [Self; 2] = [Self::Telegram, Self::Push];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Telegram => "telegram",
            Self::Push => "push",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// A change of settings that breaks a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotificationSettingsError {
    /// Both channels of the moderation decisions were muted.
    #[error("moderation decisions must keep at least one channel")]
    ModerationFullyMuted,
    /// Quiet hours that start and end at the same minute.
    #[error("quiet hours must not start and end at the same time")]
    EmptyQuietHours,
}

/// A person's notification settings (the defaults: nothing muted, quiet 22:00–08:00 Almaty).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NotificationSettings {
    muted: BTreeSet<(Category, DeliveryChannel)>,
    /// When pushes wait.
    pub quiet_hours: QuietHours,
}

impl NotificationSettings {
    /// Settings with these mutes and quiet hours, checked.
    pub fn new(
        muted: impl IntoIterator<Item = (Category, DeliveryChannel)>,
        quiet_hours: QuietHours,
    ) -> Result<Self, NotificationSettingsError> {
        let muted: BTreeSet<_> = muted.into_iter().collect();
        if DeliveryChannel::ALL
            .iter()
            .all(|c| muted.contains(&(Category::Moderation, *c)))
        {
            return Err(NotificationSettingsError::ModerationFullyMuted);
        }
        if quiet_hours.start == quiet_hours.end {
            return Err(NotificationSettingsError::EmptyQuietHours);
        }
        Ok(Self { muted, quiet_hours })
    }

    /// Whether `category` may reach the person by `channel`.
    pub fn allows(&self, category: Category, channel: DeliveryChannel) -> bool {
        !self.muted.contains(&(category, channel))
    }

    /// The muted pairs, in order.
    pub fn muted(&self) -> impl Iterator<Item = (Category, DeliveryChannel)> + '_ {
        self.muted.iter().copied()
    }

    /// These settings with one pair muted or unmuted, checked.
    pub fn with(
        &self,
        category: Category,
        channel: DeliveryChannel,
        enabled: bool,
    ) -> Result<Self, NotificationSettingsError> {
        let mut muted = self.muted.clone();
        if enabled {
            muted.remove(&(category, channel));
        } else {
            muted.insert((category, channel));
        }
        Self::new(muted, self.quiet_hours)
    }
}

#[cfg(test)]
mod tests;
