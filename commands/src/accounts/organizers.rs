//! Organizer applications: submission and their approval or rejection by admins.

use birqadam_domain::account::{AccountCommand, OrganizerApplication};
use uuid::Uuid;

use crate::{CommandContext, CommandError, Commands};

impl Commands {
    /// Applies to become an organizer (the caller's own account).
    pub async fn submit_organizer_application(
        &self,
        ctx: &CommandContext,
        application: OrganizerApplication,
    ) -> Result<(), CommandError> {
        let id = ctx.actor.id.ok_or(CommandError::NotFound)?;
        self.account(
            id,
            AccountCommand::SubmitOrganizerApplication {
                actor: ctx.actor.clone(),
                application,
            },
            ctx,
        )
        .await
    }

    /// Approves a pending organizer application (admins only).
    pub async fn approve_organizer(
        &self,
        ctx: &CommandContext,
        account: Uuid,
    ) -> Result<(), CommandError> {
        self.account(
            account,
            AccountCommand::ApproveOrganizer {
                actor: ctx.actor.clone(),
            },
            ctx,
        )
        .await
    }

    /// Rejects a pending organizer application with a reason (admins only).
    pub async fn reject_organizer(
        &self,
        ctx: &CommandContext,
        account: Uuid,
        reason: String,
    ) -> Result<(), CommandError> {
        self.account(
            account,
            AccountCommand::RejectOrganizer {
                actor: ctx.actor.clone(),
                reason,
            },
            ctx,
        )
        .await
    }
}
