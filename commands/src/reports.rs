//! Photo reports: upload (decode-checked, re-encoded, stored by content), approval with the
//! rating credit, rejection.

use std::sync::atomic::Ordering;

use birqadam_domain::account::{AccountCommand, RatingSource};
use birqadam_domain::assignment::{
    Assignment, AssignmentCommand, AssignmentError, MAX_PHOTOS, PhotoRef, assignment_id,
};
use birqadam_domain::task::{Task, TaskError};
use birqadam_photos::{PhotoSize, ProcessedPhoto};
use bytes::Bytes;
use uuid::Uuid;

use crate::store::load;
use crate::{CommandContext, CommandError, Commands, DomainError};

/// What the moderation commands need to know about a report.
struct ReportFacts {
    assignment: Uuid,
    volunteer: Uuid,
    project_owner: Uuid,
}

impl Commands {
    async fn report_facts(&self, report_id: Uuid) -> Result<ReportFacts, CommandError> {
        let row: Option<(Uuid, Uuid, Uuid)> = sqlx::query_as(
            "select r.assignment_id, r.volunteer_id, p.owner_id
             from reports_view r join projects_view p on p.id = r.project_id where r.id = $1",
        )
        .bind(report_id)
        .fetch_optional(&self.inner.pool)
        .await?;
        let (assignment, volunteer, project_owner) = row.ok_or(CommandError::NotFound)?;
        Ok(ReportFacts {
            assignment,
            volunteer,
            project_owner,
        })
    }

    fn process_photos(&self, files: Vec<Bytes>) -> Result<Vec<ProcessedPhoto>, CommandError> {
        files
            .iter()
            .enumerate()
            .map(|(index, file)| {
                birqadam_photos::process(file, &self.inner.photo_limits)
                    .map_err(|error| CommandError::Upload { index, error })
            })
            .collect()
    }

    /// Submits a photo report for an accepted task; returns the report id. Photos are checked
    /// and re-encoded off the async threads; nothing stays in storage when the report is refused.
    #[tracing::instrument(skip_all, err)]
    pub async fn submit_report(
        &self,
        ctx: &CommandContext,
        task_id: Uuid,
        files: Vec<Bytes>,
        comment: Option<String>,
    ) -> Result<Uuid, CommandError> {
        let volunteer = ctx.actor.id.ok_or(CommandError::NotFound)?;
        if files.is_empty() {
            let e =
                AssignmentError::Invalid(vec![("photos", birqadam_domain::validation::REQUIRED)]);
            return Err(DomainError::Assignment(e).into());
        }
        if files.len() > MAX_PHOTOS {
            return Err(DomainError::Assignment(AssignmentError::TooManyPhotos).into());
        }
        let (task, _) = load::<Task>(&self.inner.pool, &task_id.to_string()).await?;
        let project_id = task.project_id().ok_or(CommandError::NotFound)?;
        if !task.is_open() {
            return Err(DomainError::Task(TaskError::NotOpen).into());
        }
        let this = self.clone();
        let processed = tokio::task::spawn_blocking(move || this.process_photos(files))
            .await
            .map_err(|e| CommandError::Infrastructure(e.into()))??;
        let mut stored_now = Vec::new();
        let mut photos = Vec::new();
        for photo in &processed {
            let existed = self
                .inner
                .photos
                .get(&photo.sha256, PhotoSize::Thumb)
                .await
                .ok()
                .flatten()
                .is_some();
            if let Err(e) = self.inner.photos.put(photo).await {
                self.forget_photos(&stored_now).await;
                return Err(CommandError::Infrastructure(anyhow::anyhow!(
                    "storing a photo failed: {e}"
                )));
            }
            if !existed {
                stored_now.push(photo.sha256.clone());
            }
            photos.push(PhotoRef {
                id: Uuid::now_v7(),
                sha256: photo.sha256.clone(),
                content_type: photo.content_type.to_owned(),
                bytes: photo.bytes,
                width: photo.width,
                height: photo.height,
            });
        }
        let id = assignment_id(task_id, volunteer);
        let command = AssignmentCommand::SubmitReport {
            actor: ctx.actor.clone(),
            task_id,
            project_id,
            photos,
            comment,
        };
        if let Err(e) = self.run(&self.inner.assignments, id, command, ctx).await {
            self.forget_photos(&stored_now).await;
            return Err(e);
        }
        let (assignment, _) = load::<Assignment>(&self.inner.pool, &id.to_string()).await?;
        assignment.latest_report_id().ok_or(CommandError::NotFound)
    }

    async fn forget_photos(&self, hashes: &[String]) {
        for sha in hashes {
            if let Err(e) = self.inner.photos.delete(sha).await {
                tracing::error!(sha, error = %e, "removing a photo of a refused report failed");
            }
        }
    }

    /// Reads a stored photo (authorisation is the caller's job).
    pub async fn photo_bytes(
        &self,
        sha256: &str,
        size: PhotoSize,
    ) -> Result<Option<Bytes>, CommandError> {
        self.inner
            .photos
            .get(sha256, size)
            .await
            .map_err(|e| CommandError::Infrastructure(anyhow::anyhow!("{e}")))
    }

    /// Approves a report (the project owner or an admin) and credits the stars once.
    #[tracing::instrument(skip_all, err)]
    pub async fn approve_report(
        &self,
        ctx: &CommandContext,
        report_id: Uuid,
        stars: Option<u8>,
        comment: Option<String>,
    ) -> Result<(), CommandError> {
        let facts = self.report_facts(report_id).await?;
        let command = AssignmentCommand::Approve {
            actor: ctx.actor.clone(),
            project_owner: facts.project_owner,
            stars,
            comment,
        };
        self.run(&self.inner.assignments, facts.assignment, command, ctx)
            .await?;
        if self
            .inner
            .faults
            .crash_after_approval
            .load(Ordering::SeqCst)
        {
            return Err(CommandError::Infrastructure(anyhow::anyhow!(
                "injected crash after the approval"
            )));
        }
        if let Some(points) = stars.filter(|s| *s > 0) {
            self.credit_report(ctx, facts.volunteer, facts.assignment, points)
                .await?;
        }
        Ok(())
    }

    /// Credits a report's stars to its volunteer; a source credited before is ignored.
    pub async fn credit_report(
        &self,
        ctx: &CommandContext,
        volunteer: Uuid,
        assignment: Uuid,
        points: u8,
    ) -> Result<(), CommandError> {
        let command = AccountCommand::CreditRating {
            source: RatingSource::Report(assignment),
            points: u32::from(points),
        };
        self.account(volunteer, command, ctx).await
    }

    /// Rejects a report with a reason (the project owner or an admin).
    #[tracing::instrument(skip_all, err)]
    pub async fn reject_report(
        &self,
        ctx: &CommandContext,
        report_id: Uuid,
        reason: String,
    ) -> Result<(), CommandError> {
        let facts = self.report_facts(report_id).await?;
        let command = AssignmentCommand::Reject {
            actor: ctx.actor.clone(),
            project_owner: facts.project_owner,
            reason,
        };
        self.run(&self.inner.assignments, facts.assignment, command, ctx)
            .await
    }
}
