//! The `IdentityClaim` aggregate: one owner per phone, e-mail or Telegram id.
//!
//! The stream id is `UUIDv5(kind:normalised value)`, so two registrations racing for one value
//! race on one stream, and the event store's optimistic concurrency lets exactly one win. The
//! events record only the kind and the owner, never the value itself (personal data lives only in
//! the account's own events).

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids;

/// The kinds of unique identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    /// An E.164 phone number.
    Phone,
    /// A lower-cased e-mail address.
    Email,
    /// A Telegram user id.
    Telegram,
}

impl IdentityKind {
    /// The stable name used in the stream id.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Telegram => "telegram",
        }
    }

    /// The claim stream id for a normalised value of this kind.
    pub fn claim_id(self, normalised: &str) -> Uuid {
        ids::derived(self.as_str(), normalised)
    }
}

/// Claim or release an identity.
#[derive(Debug, Clone)]
pub enum IdentityClaimCommand {
    /// Take the identity for `owner` (a no-op when `owner` already holds it).
    Claim {
        /// Kind of identity.
        kind: IdentityKind,
        /// The claiming account.
        owner: Uuid,
    },
    /// Give the identity up (a no-op unless `owner` holds it).
    Release {
        /// The releasing account.
        owner: Uuid,
    },
}

/// Events of an identity claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdentityClaimEvent {
    /// The identity now belongs to `owner`.
    IdentityClaimed {
        /// Kind of identity.
        kind: IdentityKind,
        /// The owning account.
        owner: Uuid,
    },
    /// The identity is free again (registration failed, or the owner changed it).
    IdentityReleased {
        /// The previous owner.
        owner: Uuid,
    },
}

impl DomainEvent for IdentityClaimEvent {
    fn event_type(&self) -> String {
        match self {
            Self::IdentityClaimed { .. } => "IdentityClaimed",
            Self::IdentityReleased { .. } => "IdentityReleased",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1.0".to_owned()
    }
}

/// Why a claim was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityClaimError {
    /// Another account holds the identity.
    #[error("identity is taken by another account")]
    Taken,
}

/// State of one identity claim.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IdentityClaim {
    owner: Option<Uuid>,
}

impl IdentityClaim {
    /// The current owner, if any.
    pub fn owner(&self) -> Option<Uuid> {
        self.owner
    }
}

impl Aggregate for IdentityClaim {
    const TYPE: &'static str = "IdentityClaim";
    type Command = IdentityClaimCommand;
    type Event = IdentityClaimEvent;
    type Error = IdentityClaimError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let event = match command {
            IdentityClaimCommand::Claim { kind, owner } => match self.owner {
                Some(current) if current == owner => None,
                Some(_) => return Err(IdentityClaimError::Taken),
                None => Some(IdentityClaimEvent::IdentityClaimed { kind, owner }),
            },
            IdentityClaimCommand::Release { owner } => (self.owner == Some(owner))
                .then_some(IdentityClaimEvent::IdentityReleased { owner }),
        };
        if let Some(event) = event {
            sink.write(event, self).await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        self.owner = match event {
            IdentityClaimEvent::IdentityClaimed { owner, .. } => Some(owner),
            IdentityClaimEvent::IdentityReleased { .. } => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use cqrs_es::test::TestFramework;

    use super::*;

    #[test]
    fn a_claim_held_by_another_account_is_refused() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        TestFramework::<IdentityClaim>::with(())
            .given(vec![IdentityClaimEvent::IdentityClaimed {
                kind: IdentityKind::Phone,
                owner: a,
            }])
            .when(IdentityClaimCommand::Claim {
                kind: IdentityKind::Phone,
                owner: b,
            })
            .then_expect_error(IdentityClaimError::Taken);
    }

    #[test]
    fn claiming_again_by_the_owner_changes_nothing() {
        let a = Uuid::now_v7();
        TestFramework::<IdentityClaim>::with(())
            .given(vec![IdentityClaimEvent::IdentityClaimed {
                kind: IdentityKind::Email,
                owner: a,
            }])
            .when(IdentityClaimCommand::Claim {
                kind: IdentityKind::Email,
                owner: a,
            })
            .then_expect_events(vec![]);
    }

    #[test]
    fn a_released_identity_can_be_claimed_by_someone_else() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        TestFramework::<IdentityClaim>::with(())
            .given(vec![
                IdentityClaimEvent::IdentityClaimed {
                    kind: IdentityKind::Phone,
                    owner: a,
                },
                IdentityClaimEvent::IdentityReleased { owner: a },
            ])
            .when(IdentityClaimCommand::Claim {
                kind: IdentityKind::Phone,
                owner: b,
            })
            .then_expect_events(vec![IdentityClaimEvent::IdentityClaimed {
                kind: IdentityKind::Phone,
                owner: b,
            }]);
    }

    #[test]
    fn only_the_owner_can_release() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        TestFramework::<IdentityClaim>::with(())
            .given(vec![IdentityClaimEvent::IdentityClaimed {
                kind: IdentityKind::Phone,
                owner: a,
            }])
            .when(IdentityClaimCommand::Release { owner: b })
            .then_expect_events(vec![]);
    }
}
