//! The `Account` aggregate: a person, their roles, organizer status and rating.

mod command;
mod decide;
mod error;
mod event;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashSet};

use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};

use crate::Role;
use crate::values::{Email, Language, PhoneNumber};

pub use command::AccountCommand;
pub use error::AccountError;
pub use event::{AccountEvent, OrganizerApplication, RatingSource, RegistrationSource};

/// The highest rating an account can reach.
pub const MAX_RATING: u32 = 750;

/// Where an organizer application stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganizerStatus {
    /// Never applied.
    #[default]
    None,
    /// Applied, waiting for an admin.
    Pending,
    /// Approved: the account is an organizer.
    Approved,
    /// Rejected: may apply again.
    Rejected,
}

impl OrganizerStatus {
    /// The stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }
}

/// The level shown for a rating: one per 100 points, from 1 to 8.
pub fn level_for(rating: u32) -> u32 {
    (rating / 100 + 1).min(8)
}

/// State of one account, folded from its events.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Account {
    registered: bool,
    email: Option<Email>,
    phone: Option<PhoneNumber>,
    language: Language,
    roles: BTreeSet<Role>,
    organizer_status: OrganizerStatus,
    rating: u32,
    credited: HashSet<RatingSource>,
    #[serde(default)]
    telegram_id: Option<i64>,
    #[serde(default)]
    telegram_unreachable: bool,
}

impl Account {
    /// Current rating.
    pub fn rating(&self) -> u32 {
        self.rating
    }

    /// Current e-mail.
    pub fn email(&self) -> Option<&Email> {
        self.email.as_ref()
    }

    /// Current phone.
    pub fn phone(&self) -> Option<&PhoneNumber> {
        self.phone.as_ref()
    }

    /// Current roles.
    pub fn roles(&self) -> &BTreeSet<Role> {
        &self.roles
    }

    /// The linked Telegram user id.
    pub fn telegram_id(&self) -> Option<i64> {
        self.telegram_id
    }

    /// Whether the account exists.
    pub fn is_registered(&self) -> bool {
        self.registered
    }

    fn clamp(&self, delta: i64) -> (i32, u32) {
        let after = (i64::from(self.rating) + delta).clamp(0, i64::from(MAX_RATING));
        let after = u32::try_from(after).unwrap_or(MAX_RATING);
        let applied = i64::from(after) - i64::from(self.rating);
        (i32::try_from(applied).unwrap_or(0), after)
    }
}

impl Aggregate for Account {
    const TYPE: &'static str = "Account";
    type Command = AccountCommand;
    type Event = AccountEvent;
    type Error = AccountError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        for event in self.decide(command)? {
            sink.write(event, self).await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            AccountEvent::AccountRegistered {
                email,
                phone,
                language,
                roles,
                ..
            } => {
                self.registered = true;
                self.email = email;
                self.phone = phone;
                self.language = language;
                self.roles = roles;
            }
            AccountEvent::ProfileUpdated {
                email,
                phone,
                language,
                ..
            } => {
                if email.is_some() {
                    self.email = email;
                }
                if phone.is_some() {
                    self.phone = phone;
                }
                if let Some(language) = language {
                    self.language = language;
                }
            }
            AccountEvent::OrganizerApplicationSubmitted { .. } => {
                self.organizer_status = OrganizerStatus::Pending;
            }
            AccountEvent::OrganizerApproved { .. } => {
                self.organizer_status = OrganizerStatus::Approved;
                self.roles.insert(Role::Organizer);
            }
            AccountEvent::OrganizerRejected { .. } => {
                self.organizer_status = OrganizerStatus::Rejected;
            }
            AccountEvent::RoleGranted { role, .. } => {
                self.roles.insert(role);
            }
            AccountEvent::RatingCredited {
                source,
                rating_after,
                ..
            } => {
                self.credited.insert(source);
                self.rating = rating_after;
            }
            AccountEvent::RatingAdjusted { rating_after, .. } => {
                self.rating = rating_after;
            }
            AccountEvent::TelegramLinked { telegram_id } => {
                self.telegram_id = Some(telegram_id);
                self.telegram_unreachable = false;
            }
            AccountEvent::TelegramUnreachable { .. } => self.telegram_unreachable = true,
            AccountEvent::TelegramReachable => self.telegram_unreachable = false,
        }
    }
}
