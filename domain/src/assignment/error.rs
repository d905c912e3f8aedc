//! Business-rule violations of the `Assignment` aggregate.

use crate::refusal::RefusalKind;
use crate::validation::FieldError;

/// Why an assignment command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    /// There is no report to moderate.
    #[error("report not found")]
    NotFound,
    /// The actor may not do this.
    #[error("not allowed")]
    Forbidden,
    /// The task is closed or cancelled.
    #[error("task is not open")]
    TaskNotOpen,
    /// A report needs an accepted task.
    #[error("task not accepted")]
    NotAccepted,
    /// Declining after a report was sent.
    #[error("a report was already sent for this task")]
    ReportSubmitted,
    /// More photos than allowed.
    #[error("too many photos")]
    TooManyPhotos,
    /// Some fields are invalid: `(field, code)` for each.
    #[error("invalid report data")]
    Invalid(Vec<FieldError>),
    /// A report is already waiting for moderation.
    #[error("a report is already pending")]
    PendingExists,
    /// The report was already approved.
    #[error("report already approved")]
    AlreadyApproved,
    /// The latest report was already decided on.
    #[error("report already moderated")]
    AlreadyModerated,
    /// Three stars or fewer need a comment.
    #[error("a comment is required for three stars or fewer")]
    CommentRequired,
}

impl AssignmentError {
    /// The stable API error code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::Forbidden => "forbidden",
            Self::TaskNotOpen => "task.not_open",
            Self::NotAccepted => "assignment.not_accepted",
            Self::ReportSubmitted => "assignment.report_submitted",
            Self::TooManyPhotos => "upload.too_many_files",
            Self::Invalid(_) => "validation.failed",
            Self::PendingExists => "report.pending_exists",
            Self::AlreadyApproved => "report.already_approved",
            Self::AlreadyModerated => "report.already_moderated",
            Self::CommentRequired => "report.comment_required",
        }
    }

    /// The kind of this refusal.
    pub fn kind(&self) -> RefusalKind {
        match self {
            Self::NotFound => RefusalKind::NotFound,
            Self::Forbidden => RefusalKind::Forbidden,
            Self::Invalid(_) | Self::TooManyPhotos | Self::CommentRequired => RefusalKind::Invalid,
            Self::TaskNotOpen
            | Self::NotAccepted
            | Self::ReportSubmitted
            | Self::PendingExists
            | Self::AlreadyApproved
            | Self::AlreadyModerated => RefusalKind::Conflict,
        }
    }
}
