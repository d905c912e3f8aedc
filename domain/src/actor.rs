//! Who performs a command, with which roles, and through which channel.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A role an account can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Every account: joins projects, accepts tasks, sends reports.
    Volunteer,
    /// An approved organizer: creates projects and tasks, moderates reports.
    Organizer,
    /// A platform administrator.
    Admin,
    /// May read and verify the event log.
    Auditor,
}

impl Role {
    /// The stable lower-case name used in JSON and tokens.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Volunteer => "volunteer",
            Self::Organizer => "organizer",
            Self::Admin => "admin",
            Self::Auditor => "auditor",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of the four roles.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role")]
pub struct UnknownRole;

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "volunteer" => Ok(Self::Volunteer),
            "organizer" => Ok(Self::Organizer),
            "admin" => Ok(Self::Admin),
            "auditor" => Ok(Self::Auditor),
            _ => Err(UnknownRole),
        }
    }
}

/// The channel a command came through (recorded in every event's metadata).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The REST API (mobile app, web tools).
    Api,
    /// The Telegram bot.
    Bot,
    /// The operator command line.
    Admin,
    /// The platform itself (process managers, schedulers).
    System,
    /// A data import.
    Import,
}

impl Channel {
    /// The stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Bot => "bot",
            Self::Admin => "admin",
            Self::System => "system",
            Self::Import => "import",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Api,
            Self::Bot,
            Self::Admin,
            Self::System,
            Self::Import,
        ]
        .into_iter()
        .find(|c| c.as_str() == name)
    }
}

/// The account acting on a command, with the roles it held when it acted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The acting account; `None` for the platform itself or an anonymous caller.
    pub id: Option<Uuid>,
    /// Roles held at the time of the command.
    pub roles: BTreeSet<Role>,
}

impl Actor {
    /// An authenticated account with its roles.
    pub fn account(id: Uuid, roles: impl IntoIterator<Item = Role>) -> Self {
        Self {
            id: Some(id),
            roles: roles.into_iter().collect(),
        }
    }

    /// The platform itself (process managers, schedulers, the operator CLI).
    pub fn system() -> Self {
        Self {
            id: None,
            roles: BTreeSet::from([Role::Admin]),
        }
    }

    /// Someone not signed in (registration, login).
    pub fn anonymous() -> Self {
        Self {
            id: None,
            roles: BTreeSet::new(),
        }
    }

    /// Whether the actor holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether the actor is an admin.
    pub fn is_admin(&self) -> bool {
        self.has(Role::Admin)
    }

    /// The most privileged role, for metadata ("admin" > "organizer" > "auditor" > "volunteer").
    pub fn primary_role(&self) -> &'static str {
        [Role::Admin, Role::Organizer, Role::Auditor, Role::Volunteer]
            .into_iter()
            .find(|r| self.has(*r))
            .map_or(
                if self.id.is_none() {
                    "anonymous"
                } else {
                    "volunteer"
                },
                Role::as_str,
            )
    }
}
