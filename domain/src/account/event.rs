//! Events of the `Account` aggregate: the only place personal data is recorded.

use std::collections::BTreeSet;

use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Role;
use crate::values::{Email, Language, PhoneNumber};

/// Where an account was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationSource {
    /// The mobile app or another REST client.
    App,
    /// The Telegram bot.
    Bot,
    /// The operator command line (`birqadam admin create`).
    Admin,
}

/// What rating points were credited for: a unique source credited at most once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum RatingSource {
    /// An approved photo report; the id is the assignment's stream id.
    Report(Uuid),
}

/// An organizer application as submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerApplication {
    /// Name of the organisation.
    pub organization_name: String,
    /// What the organisation does.
    pub description: String,
    /// City of operation.
    pub city: String,
    /// Web site, if any.
    pub website: Option<String>,
    /// Contact person, if other than the applicant.
    pub contact_person: Option<String>,
}

/// Everything that can happen to an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountEvent {
    /// A person registered (from the app, the bot or the operator CLI).
    AccountRegistered {
        /// Display name.
        name: String,
        /// Normalised e-mail (lower case).
        email: Option<Email>,
        /// E.164 phone, if given.
        phone: Option<PhoneNumber>,
        /// Interface language.
        language: Language,
        /// Roles the account starts with.
        roles: BTreeSet<Role>,
        /// Where the registration came from.
        source: RegistrationSource,
    },
    /// The person changed some profile fields; absent fields are unchanged.
    ProfileUpdated {
        /// New display name.
        name: Option<String>,
        /// New e-mail.
        email: Option<Email>,
        /// New phone (unverified).
        phone: Option<PhoneNumber>,
        /// New interface language.
        language: Option<Language>,
    },
    /// The person applied to become an organizer.
    OrganizerApplicationSubmitted {
        /// The application as submitted.
        application: OrganizerApplication,
    },
    /// An admin approved the organizer application; the account gains the organizer role.
    OrganizerApproved {
        /// The approving admin (none for the platform itself).
        by: Option<Uuid>,
    },
    /// An admin rejected the organizer application.
    OrganizerRejected {
        /// The rejecting admin.
        by: Option<Uuid>,
        /// Why, as shown to the applicant.
        reason: String,
    },
    /// An admin granted a role (e.g. auditor).
    RoleGranted {
        /// The granted role.
        role: Role,
        /// The granting admin (none for the operator CLI).
        by: Option<Uuid>,
    },
    /// Rating points were credited for a source that had not been credited before.
    RatingCredited {
        /// What the points are for.
        source: RatingSource,
        /// Points asked for (the stars).
        points_requested: u32,
        /// Points actually added after clamping to the maximum.
        points_applied: u32,
        /// The rating after this credit.
        rating_after: u32,
    },
    /// An admin adjusted the rating by hand.
    RatingAdjusted {
        /// The change asked for.
        delta_requested: i32,
        /// The change applied after clamping to 0..=max.
        delta_applied: i32,
        /// The rating after this adjustment.
        rating_after: u32,
        /// Why.
        reason: String,
        /// The admin.
        by: Option<Uuid>,
    },
    /// The account was linked to a Telegram user (a private chat's id is the user's id); its
    /// Telegram identity claim was taken beforehand.
    TelegramLinked {
        /// The Telegram user id.
        telegram_id: i64,
    },
    /// Telegram refused a message to the linked chat for good (the bot was blocked, the user is
    /// deactivated); nothing more is sent there until the person talks to the bot again.
    TelegramUnreachable {
        /// Telegram's description of the refusal.
        reason: String,
    },
    /// The person talked to the bot again after their chat was unreachable.
    TelegramReachable,
}

impl DomainEvent for AccountEvent {
    fn event_type(&self) -> String {
        match self {
            Self::AccountRegistered { .. } => "AccountRegistered",
            Self::ProfileUpdated { .. } => "ProfileUpdated",
            Self::OrganizerApplicationSubmitted { .. } => "OrganizerApplicationSubmitted",
            Self::OrganizerApproved { .. } => "OrganizerApproved",
            Self::OrganizerRejected { .. } => "OrganizerRejected",
            Self::RoleGranted { .. } => "RoleGranted",
            Self::RatingCredited { .. } => "RatingCredited",
            Self::RatingAdjusted { .. } => "RatingAdjusted",
            Self::TelegramLinked { .. } => "TelegramLinked",
            Self::TelegramUnreachable { .. } => "TelegramUnreachable",
            Self::TelegramReachable => "TelegramReachable",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1.0".to_owned()
    }
}
