//! Project commands: creation and moderation, edits, soft delete, membership.

use birqadam_domain::project::{ProjectCommand, ProjectDetails};
use birqadam_domain::task::TaskCommand;
use birqadam_projections::Chain;
use uuid::Uuid;

use crate::{CommandContext, CommandError, Commands};

impl Commands {
    /// Creates a project (approved organizers only); it starts pending. Returns its id.
    #[tracing::instrument(skip_all, err)]
    pub async fn create_project(
        &self,
        ctx: &CommandContext,
        details: ProjectDetails,
    ) -> Result<Uuid, CommandError> {
        let id = birqadam_domain::ids::new_id();
        let command = ProjectCommand::Create {
            actor: ctx.actor.clone(),
            details,
        };
        self.run(&self.inner.projects, id, command, ctx).await?;
        Ok(id)
    }

    /// Approves a project (admins).
    pub async fn approve_project(
        &self,
        ctx: &CommandContext,
        id: Uuid,
    ) -> Result<(), CommandError> {
        self.run(
            &self.inner.projects,
            id,
            ProjectCommand::Approve {
                actor: ctx.actor.clone(),
            },
            ctx,
        )
        .await
    }

    /// Rejects a project with a reason (admins).
    pub async fn reject_project(
        &self,
        ctx: &CommandContext,
        id: Uuid,
        reason: String,
    ) -> Result<(), CommandError> {
        self.run(
            &self.inner.projects,
            id,
            ProjectCommand::Reject {
                actor: ctx.actor.clone(),
                reason,
            },
            ctx,
        )
        .await
    }

    /// Replaces a project's details (owner or admin).
    pub async fn update_project(
        &self,
        ctx: &CommandContext,
        id: Uuid,
        details: ProjectDetails,
    ) -> Result<(), CommandError> {
        self.run(
            &self.inner.projects,
            id,
            ProjectCommand::Update {
                actor: ctx.actor.clone(),
                details,
            },
            ctx,
        )
        .await
    }

    /// Soft-deletes a project (owner or admin) and cancels its open tasks.
    #[tracing::instrument(skip_all, err)]
    pub async fn delete_project(&self, ctx: &CommandContext, id: Uuid) -> Result<(), CommandError> {
        self.run(
            &self.inner.projects,
            id,
            ProjectCommand::Delete {
                actor: ctx.actor.clone(),
            },
            ctx,
        )
        .await?;
        let open = self.inner.queries.open_task_ids(id).await?;
        for task in open {
            let command = TaskCommand::Cancel {
                actor: ctx.actor.clone(),
            };
            if let Err(e) = self.run(&self.inner.tasks, task, command, ctx).await {
                tracing::warn!(%task, error = %Chain(&e), "cancelling a task of a deleted project failed");
            }
        }
        Ok(())
    }

    /// Restores a soft-deleted project (owner or admin).
    pub async fn restore_project(
        &self,
        ctx: &CommandContext,
        id: Uuid,
    ) -> Result<(), CommandError> {
        self.run(
            &self.inner.projects,
            id,
            ProjectCommand::Restore {
                actor: ctx.actor.clone(),
            },
            ctx,
        )
        .await
    }

    /// Joins a project as the calling volunteer.
    pub async fn join_project(&self, ctx: &CommandContext, id: Uuid) -> Result<(), CommandError> {
        let today = self.inner.clock.today_in_almaty();
        self.run(
            &self.inner.projects,
            id,
            ProjectCommand::Join {
                actor: ctx.actor.clone(),
                today,
            },
            ctx,
        )
        .await
    }

    /// Leaves a project.
    pub async fn leave_project(&self, ctx: &CommandContext, id: Uuid) -> Result<(), CommandError> {
        self.run(
            &self.inner.projects,
            id,
            ProjectCommand::Leave {
                actor: ctx.actor.clone(),
            },
            ctx,
        )
        .await
    }
}
