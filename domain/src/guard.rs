//! Authorisation checks shared by the aggregates.

use uuid::Uuid;

use crate::Actor;

/// Whether `actor` is `owner` or an admin.
pub(crate) fn owner_or_admin(actor: &Actor, owner: Uuid) -> bool {
    actor.is_admin() || actor.id == Some(owner)
}
