//! Commands of the `Account` aggregate.

use std::collections::BTreeSet;

use crate::values::{Email, Language, PersonName, PhoneNumber};
use crate::{Actor, Role};

use super::event::{OrganizerApplication, RatingSource, RegistrationSource};

/// What can be asked of an account.
#[derive(Debug, Clone)]
pub enum AccountCommand {
    /// Create the account (its identity claims were taken beforehand).
    Register {
        /// Display name.
        name: PersonName,
        /// E-mail.
        email: Option<Email>,
        /// Phone.
        phone: Option<PhoneNumber>,
        /// Interface language.
        language: Language,
        /// Initial roles; `Volunteer` is always added.
        roles: BTreeSet<Role>,
        /// Where the registration came from.
        source: RegistrationSource,
    },
    /// Change profile fields (new e-mail/phone claims were taken beforehand).
    UpdateProfile {
        /// Who asks.
        actor: Actor,
        /// New display name.
        name: Option<PersonName>,
        /// New e-mail.
        email: Option<Email>,
        /// New phone.
        phone: Option<PhoneNumber>,
        /// New language.
        language: Option<Language>,
    },
    /// Apply to become an organizer.
    SubmitOrganizerApplication {
        /// Who asks.
        actor: Actor,
        /// The application.
        application: OrganizerApplication,
    },
    /// Approve the pending organizer application.
    ApproveOrganizer {
        /// The admin.
        actor: Actor,
    },
    /// Reject the pending organizer application.
    RejectOrganizer {
        /// The admin.
        actor: Actor,
        /// Why.
        reason: String,
    },
    /// Grant a role.
    GrantRole {
        /// The admin.
        actor: Actor,
        /// The role.
        role: Role,
    },
    /// Credit rating points for a source; a source already credited is ignored.
    CreditRating {
        /// What for.
        source: RatingSource,
        /// How many points (stars).
        points: u32,
    },
    /// Adjust the rating by hand.
    AdjustRating {
        /// The admin.
        actor: Actor,
        /// Change, positive or negative.
        delta: i32,
        /// Why.
        reason: String,
    },
    /// Link a Telegram user (the claim was taken beforehand); the same id again changes nothing.
    LinkTelegram {
        /// The Telegram user id.
        telegram_id: i64,
    },
    /// Record that Telegram refuses messages to the linked chat; already unreachable: nothing.
    MarkTelegramUnreachable {
        /// Telegram's description.
        reason: String,
    },
    /// Record that the person talks to the bot again; already reachable: nothing.
    MarkTelegramReachable,
}
