//! Task commands: creation with offers to the targeted members, cancel, accept/decline, and
//! closing tasks whose Almaty deadline has passed.

use birqadam_domain::assignment::{AssignmentCommand, assignment_id};
use birqadam_domain::project::Project;
use birqadam_domain::task::{Task, TaskCommand};
use birqadam_domain::validation::INVALID;
use birqadam_projections::Chain;
use chrono::{NaiveDate, NaiveTime};
use futures::StreamExt;
use uuid::Uuid;

use crate::store::load;
use crate::{CommandContext, CommandError, Commands, DomainError};

/// A new task, as parsed by the adapter.
#[derive(Debug, Clone)]
pub struct NewTask {
    /// What to do.
    pub text: String,
    /// Almaty date of the deadline.
    pub deadline_date: Option<NaiveDate>,
    /// Almaty start time.
    pub start_time: Option<NaiveTime>,
    /// Almaty end time (the deadline's time).
    pub end_time: Option<NaiveTime>,
    /// Listed members; `None` = every member.
    pub assignees: Option<Vec<Uuid>>,
}

/// How many offers are appended at once when a task fans out to members.
const OFFER_CONCURRENCY: usize = 8;

impl Commands {
    /// Creates a task in a project (its owner or an admin) and offers it to the targeted members.
    #[tracing::instrument(skip_all, err)]
    pub async fn create_task(
        &self,
        ctx: &CommandContext,
        project_id: Uuid,
        new: NewTask,
    ) -> Result<Uuid, CommandError> {
        let (project, _) = load::<Project>(&self.inner.pool, &project_id.to_string()).await?;
        let owner = project.owner().ok_or(CommandError::NotFound)?;
        if let Some(listed) = &new.assignees
            && listed.iter().any(|a| !project.is_member(*a))
        {
            let e = birqadam_domain::task::TaskError::Invalid(vec![("assignees", INVALID)]);
            return Err(DomainError::Task(e).into());
        }
        let id = birqadam_domain::ids::new_id();
        let command = TaskCommand::Create {
            actor: ctx.actor.clone(),
            project_id,
            project_owner: owner,
            project_approved: project.status() == birqadam_domain::project::ProjectStatus::Approved,
            project_deleted: project.is_deleted(),
            text: new.text,
            deadline_date: new.deadline_date,
            start_time: new.start_time,
            end_time: new.end_time,
            assignees: new.assignees.clone(),
            today: self.inner.clock.today_in_almaty(),
        };
        self.run(&self.inner.tasks, id, command, ctx).await?;
        let targets: Vec<Uuid> = new
            .assignees
            .unwrap_or_else(|| project.members().iter().copied().collect());
        let results: Vec<Result<(), CommandError>> = futures::stream::iter(targets)
            .map(|volunteer| {
                let command = AssignmentCommand::Offer {
                    task_id: id,
                    project_id,
                    volunteer,
                };
                async move {
                    self.run(
                        &self.inner.assignments,
                        assignment_id(id, volunteer),
                        command,
                        ctx,
                    )
                    .await
                }
            })
            .buffer_unordered(OFFER_CONCURRENCY)
            .collect()
            .await;
        for e in results.into_iter().filter_map(Result::err) {
            tracing::warn!(task = %id, error = %Chain(&e), "offering a task failed (the member can still accept)");
        }
        Ok(id)
    }

    /// Cancels an open task (its owner or an admin).
    pub async fn cancel_task(&self, ctx: &CommandContext, id: Uuid) -> Result<(), CommandError> {
        self.run(
            &self.inner.tasks,
            id,
            TaskCommand::Cancel {
                actor: ctx.actor.clone(),
            },
            ctx,
        )
        .await
    }

    async fn task_facts(
        &self,
        task_id: Uuid,
        volunteer: Uuid,
    ) -> Result<(Uuid, bool, bool), CommandError> {
        let (task, _) = load::<Task>(&self.inner.pool, &task_id.to_string()).await?;
        let project_id = task.project_id().ok_or(CommandError::NotFound)?;
        let (project, _) = load::<Project>(&self.inner.pool, &project_id.to_string()).await?;
        let eligible = birqadam_domain::task::is_eligible(&project, &task, volunteer);
        Ok((project_id, task.is_open(), eligible))
    }

    /// Accepts a task as the calling volunteer (a member the task targets).
    #[tracing::instrument(skip_all, err)]
    pub async fn accept_task(
        &self,
        ctx: &CommandContext,
        task_id: Uuid,
    ) -> Result<(), CommandError> {
        let volunteer = ctx.actor.id.ok_or(CommandError::NotFound)?;
        let (project_id, task_open, eligible) = self.task_facts(task_id, volunteer).await?;
        let command = AssignmentCommand::Accept {
            actor: ctx.actor.clone(),
            task_id,
            project_id,
            task_open,
            eligible,
        };
        self.run(
            &self.inner.assignments,
            assignment_id(task_id, volunteer),
            command,
            ctx,
        )
        .await
    }

    /// Declines a task as the calling volunteer.
    pub async fn decline_task(
        &self,
        ctx: &CommandContext,
        task_id: Uuid,
    ) -> Result<(), CommandError> {
        let volunteer = ctx.actor.id.ok_or(CommandError::NotFound)?;
        let (project_id, task_open, eligible) = self.task_facts(task_id, volunteer).await?;
        let command = AssignmentCommand::Decline {
            actor: ctx.actor.clone(),
            task_id,
            project_id,
            task_open,
            eligible,
        };
        self.run(
            &self.inner.assignments,
            assignment_id(task_id, volunteer),
            command,
            ctx,
        )
        .await
    }

    /// Closes every open task whose deadline has passed by the clock; returns how many closed.
    #[tracing::instrument(skip_all, err)]
    pub async fn close_expired_tasks(&self) -> Result<usize, CommandError> {
        let now = self.inner.clock.now();
        let due = self
            .inner
            .queries
            .tasks_due(self.inner.clock.today_in_almaty())
            .await?;
        let ctx = CommandContext::system();
        let mut closed = 0;
        for task in due {
            let deadline =
                birqadam_domain::task::deadline_instant(task.deadline_date, task.end_time);
            if deadline.is_some_and(|d| d <= now) {
                self.run(
                    &self.inner.tasks,
                    task.id,
                    TaskCommand::CloseIfExpired { now },
                    &ctx,
                )
                .await?;
                closed += 1;
            }
        }
        Ok(closed)
    }
}
