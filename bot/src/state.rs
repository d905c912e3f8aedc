//! What the bot waits for in a chat: the dialogue state, stored as JSON in `bot_dialogues` so a
//! restart continues where the person was. `Idle` is stored as no row at all.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The dialogue state of one chat.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// Nothing under way: commands and buttons only.
    #[default]
    Idle,
    /// A verified contact whose number an app account holds unverified: the person may prove
    /// the app account is theirs with `/link CODE`, or take the number for a new account.
    ClaimPending {
        /// The E.164 number Telegram vouched for.
        phone: String,
        /// The name on the contact card.
        name: String,
    },
    /// A photo report being collected for a task.
    Report(ReportDraft),
    /// A project being described, step by step.
    NewProject(ProjectDraft),
    /// A task being written for a project.
    NewTask(TaskDraft),
    /// An organizer application being written.
    OrganizerApplication(ApplicationDraft),
    /// A moderator chose ★1…★3 and must write the comment.
    ModerationComment {
        /// The report.
        report: Uuid,
        /// The stars chosen.
        stars: u8,
    },
    /// A moderator chose "reject" and must write the reason.
    RejectReason {
        /// The report.
        report: Uuid,
    },
}

/// One photo of a report draft, as Telegram identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftPhoto {
    /// The id to download it with.
    pub file_id: String,
    /// The id that is the same for the same file (deduplicates a re-sent photo).
    pub unique_id: String,
}

/// A photo report being collected (durable: each photo is kept as it arrives).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDraft {
    /// The task reported on.
    pub task: Uuid,
    /// Photos so far (at most 5).
    pub photos: Vec<DraftPhoto>,
    /// The comment (a caption or a text).
    pub comment: Option<String>,
    /// Whether the next text is the comment.
    pub awaiting_comment: bool,
}

/// The steps of the project dialogue, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStep {
    /// The title.
    Title,
    /// The description.
    Description,
    /// Social, environmental or cultural (buttons).
    Type,
    /// The city.
    City,
    /// The summary to confirm.
    Confirm,
}

impl ProjectStep {
    /// The step before this one (Back), if any.
    pub fn back(self) -> Option<Self> {
        match self {
            Self::Title => None,
            Self::Description => Some(Self::Title),
            Self::Type => Some(Self::Description),
            Self::City => Some(Self::Type),
            Self::Confirm => Some(Self::City),
        }
    }
}

/// A project being described.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDraft {
    /// Where the dialogue is.
    pub step: ProjectStep,
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// `social`, `environmental` or `cultural`.
    pub volunteer_type: Option<String>,
    /// City.
    pub city: Option<String>,
}

impl ProjectDraft {
    /// An empty draft at its first step.
    pub fn new() -> Self {
        Self {
            step: ProjectStep::Title,
            title: None,
            description: None,
            volunteer_type: None,
            city: None,
        }
    }
}

impl Default for ProjectDraft {
    fn default() -> Self {
        Self::new()
    }
}

/// The steps of the task dialogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStep {
    /// All members or chosen ones (buttons; chosen ones toggled).
    Recipients,
    /// The task's text.
    Text,
    /// The optional deadline (`YYYY-MM-DD [HH:MM]`, Almaty time) or "no deadline".
    Deadline,
}

/// A task being written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskDraft {
    /// The project.
    pub project: Uuid,
    /// Where the dialogue is.
    pub step: TaskStep,
    /// Chosen members; empty with `all` means every member.
    pub chosen: Vec<Uuid>,
    /// Every member (the default).
    pub all: bool,
    /// The text.
    pub text: Option<String>,
}

/// An organizer application being written: organisation name, then what it does, then city.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDraft {
    /// The organisation's name.
    pub organization_name: Option<String>,
    /// What it does.
    pub description: Option<String>,
}
