//! Photo reports: upload (decode-checked, re-encoded, stored by content), approval with the
//! rating credit, rejection.

use birqadam_domain::account::{Account, AccountCommand, RatingSource};
use birqadam_domain::assignment::{
    Assignment, AssignmentCommand, AssignmentError, MAX_PHOTOS, PhotoRef, assignment_id,
};
use birqadam_domain::task::{Task, TaskError};
use birqadam_photos::{PhotoSize, ProcessedPhoto, StoreError};
use bytes::Bytes;
use cqrs_es::Aggregate;
use uuid::Uuid;

use crate::store::load;
use birqadam_projections::queries::ReportTarget;

use crate::{CommandContext, CommandError, Commands, DomainError};

mod intake;

use intake::Intake;

/// A report just appended, as the command knows it (the answer when the views lag behind).
#[derive(Debug, Clone)]
pub struct SubmittedReport {
    /// The report's id.
    pub id: Uuid,
    /// Its task.
    pub task_id: Uuid,
    /// The task's project.
    pub project_id: Uuid,
    /// The volunteer who sent it.
    pub volunteer: Uuid,
    /// 1 for the first report of the task, then + 1 per resubmission.
    pub attempt: u32,
    /// The stored photos.
    pub photos: Vec<PhotoRef>,
    /// The comment as stored (trimmed, none when blank).
    pub comment: Option<String>,
    /// When it was submitted (the clock of the command).
    pub submitted_at: chrono::DateTime<chrono::Utc>,
}

impl Commands {
    /// The report's assignment and moderators, from the reports view (a lookup: the decision
    /// itself is checked by the assignment's own stream).
    async fn report_target(&self, report_id: Uuid) -> Result<ReportTarget, CommandError> {
        self.inner
            .queries
            .report_target(report_id)
            .await?
            .ok_or(CommandError::NotFound)
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
    /// and re-encoded off the async threads. When the report is refused, the photos it wrote
    /// are removed unless another report or upload holds them (docs/decisions/0010).
    #[tracing::instrument(skip_all, err)]
    pub async fn submit_report(
        &self,
        ctx: &CommandContext,
        task_id: Uuid,
        files: Vec<Bytes>,
        comment: Option<String>,
    ) -> Result<SubmittedReport, CommandError> {
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
        let pool = &self.inner.pool;
        let mut intake = Intake::reserve(pool, processed.iter().map(|p| p.sha256.as_str())).await?;
        let stored = self.store_photos(&mut intake, &processed).await;
        let id = assignment_id(task_id, volunteer);
        let submitted_at = self.inner.clock.now();
        let mut submitted = Vec::new();
        let appended = match stored {
            Ok(photos) => {
                let command = AssignmentCommand::SubmitReport {
                    actor: ctx.actor.clone(),
                    task_id,
                    project_id,
                    photos: photos.clone(),
                    comment: comment.clone(),
                };
                submitted = photos;
                self.run(&self.inner.assignments, id, command, ctx).await
            }
            Err(e) => Err(e),
        };
        match appended {
            Ok(()) => intake.release(pool).await,
            Err(e) => {
                self.abandon(intake).await;
                return Err(e);
            }
        }
        let (assignment, _) = load::<Assignment>(pool, &id.to_string()).await?;
        Ok(SubmittedReport {
            id: assignment
                .latest_report_id()
                .ok_or(CommandError::NotFound)?,
            task_id,
            project_id,
            volunteer,
            attempt: assignment.attempt(),
            photos: submitted,
            comment: comment
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty()),
            submitted_at,
        })
    }

    /// Stores the processed photos under their hashes. A storage error is an error, never
    /// "absent": only a photo the store reports as not found counts as written by this intake.
    async fn store_photos(
        &self,
        intake: &mut Intake,
        processed: &[ProcessedPhoto],
    ) -> Result<Vec<PhotoRef>, CommandError> {
        let mut photos = Vec::new();
        for photo in processed {
            let existing = self
                .inner
                .photos
                .get(&photo.sha256, PhotoSize::Thumb)
                .await
                .map_err(|e| storage_error(e, "reading a stored photo failed"))?;
            if existing.is_none() {
                intake.wrote(&photo.sha256);
            }
            self.inner
                .photos
                .put(photo)
                .await
                .map_err(|e| storage_error(e, "storing a photo failed"))?;
            photos.push(PhotoRef {
                id: Uuid::now_v7(),
                sha256: photo.sha256.clone(),
                content_type: photo.content_type.to_owned(),
                bytes: photo.bytes,
                width: photo.width,
                height: photo.height,
            });
        }
        Ok(photos)
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
            .map_err(|e| storage_error(e, "reading a photo failed"))
    }

    /// Approves the report `report_id` (the project owner or an admin) and credits the stars
    /// once; any report but the pending attempt is refused by the aggregate.
    #[tracing::instrument(skip_all, err)]
    pub async fn approve_report(
        &self,
        ctx: &CommandContext,
        report_id: Uuid,
        stars: Option<u8>,
        comment: Option<String>,
    ) -> Result<(), CommandError> {
        let target = self.report_target(report_id).await?;
        self.approve_report_of(ctx, &target, report_id, stars, comment)
            .await
    }

    /// [`Commands::approve_report`] for a caller that has just read the report's `target` from
    /// the views (the same lookup, not read twice). The approval and the credit are appended
    /// without waiting between them, and the views are waited for once, up to the later of the
    /// two (the credit's transaction starts after the approval's commit, so it comes later in
    /// the log).
    #[tracing::instrument(skip_all, err)]
    pub async fn approve_report_of(
        &self,
        ctx: &CommandContext,
        target: &ReportTarget,
        report_id: Uuid,
        stars: Option<u8>,
        comment: Option<String>,
    ) -> Result<(), CommandError> {
        let command = AssignmentCommand::Approve {
            actor: ctx.actor.clone(),
            project_owner: target.project_owner_id,
            report_id,
            stars,
            comment,
        };
        let quiet = self.without_wait();
        quiet
            .run(&self.inner.assignments, target.assignment_id, command, ctx)
            .await?;
        match stars.filter(|s| *s > 0) {
            Some(points) => {
                quiet
                    .credit_report(ctx, target.volunteer_id, target.assignment_id, points)
                    .await?;
                self.caught_up(Account::TYPE, &target.volunteer_id.to_string())
                    .await;
            }
            None => {
                self.caught_up(Assignment::TYPE, &target.assignment_id.to_string())
                    .await;
            }
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

    /// Rejects the report `report_id` with a reason (the project owner or an admin); any
    /// report but the pending attempt is refused by the aggregate.
    #[tracing::instrument(skip_all, err)]
    pub async fn reject_report(
        &self,
        ctx: &CommandContext,
        report_id: Uuid,
        reason: String,
    ) -> Result<(), CommandError> {
        let target = self.report_target(report_id).await?;
        self.reject_report_of(ctx, &target, report_id, reason).await
    }

    /// [`Commands::reject_report`] for a caller that has just read the report's `target`.
    #[tracing::instrument(skip_all, err)]
    pub async fn reject_report_of(
        &self,
        ctx: &CommandContext,
        target: &ReportTarget,
        report_id: Uuid,
        reason: String,
    ) -> Result<(), CommandError> {
        let command = AssignmentCommand::Reject {
            actor: ctx.actor.clone(),
            project_owner: target.project_owner_id,
            report_id,
            reason,
        };
        self.run(&self.inner.assignments, target.assignment_id, command, ctx)
            .await
    }
}

/// A photo storage failure, with its cause chain (a 5xx; the chain goes to the log).
fn storage_error(error: StoreError, what: &'static str) -> CommandError {
    CommandError::Infrastructure(anyhow::Error::new(error).context(what))
}
