//! Events → notifications: which kind, to whom (an audience resolved from the views), with which
//! ids and values. Pure: the consumer resolves the audiences and writes the deliveries.

use std::collections::BTreeMap;

use birqadam_domain::account::AccountEvent;
use birqadam_domain::assignment::AssignmentEvent;
use birqadam_domain::project::ProjectEvent;
use birqadam_domain::task::TaskEvent;
use birqadam_projections::StoredEvent;
use birqadam_projections::consumer::{decode, stream_id};
use uuid::Uuid;

use crate::kind::Kind;

/// Who a notification goes to, before the views say who that is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// One account.
    Person(Uuid),
    /// The owner of a project.
    ProjectOwner(Uuid),
    /// The current members of a project.
    ProjectMembers(Uuid),
    /// Everyone a task was offered to who has not declined it.
    TaskRecipients(Uuid),
}

/// One notification to plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intent {
    /// What it says.
    pub kind: Kind,
    /// To whom.
    pub audience: Audience,
    /// Ids and values its text is rendered from (strings only, as a push's data is).
    pub params: BTreeMap<String, String>,
    /// An account never told about its own act (the admin who deleted a project).
    pub except: Option<Uuid>,
}

impl Intent {
    fn new(kind: Kind, audience: Audience) -> Self {
        Self {
            kind,
            audience,
            params: BTreeMap::new(),
            except: None,
        }
    }

    fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.params.insert(key.to_owned(), value.to_string());
        self
    }

    fn with_opt(self, key: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.with(key, value),
            None => self,
        }
    }
}

const CONSUMER: &str = "notify";

/// The notifications an event asks for (none for most events).
pub fn intents(event: &StoredEvent) -> anyhow::Result<Vec<Intent>> {
    let relevant = matches!(
        (event.aggregate_type.as_str(), event.event_type.as_str()),
        (
            "Assignment",
            "TaskOffered" | "ReportSubmitted" | "ReportApproved" | "ReportRejected"
        ) | ("Account", "OrganizerApproved" | "OrganizerRejected")
            | (
                "Project",
                "ProjectApproved" | "ProjectRejected" | "ProjectDeleted"
            )
            | ("Task", "TaskCancelled")
    );
    if !relevant {
        return Ok(Vec::new());
    }
    let id = stream_id(CONSUMER, event)?;
    let intent = match event.aggregate_type.as_str() {
        "Assignment" => assignment(decode(CONSUMER, event)?),
        "Account" => account(id, decode(CONSUMER, event)?),
        "Project" => project(id, decode(CONSUMER, event)?),
        _ => task(id, decode(CONSUMER, event)?),
    };
    Ok(intent.into_iter().collect())
}

/// Whether the event is one the `achievements` projector can unlock an achievement on (a rating
/// change, an approved report, a join, a new achievement met by those who already qualify).
/// Unlocks are not events: the consumer reads them from the view at the event's position.
pub fn may_unlock(event: &StoredEvent) -> bool {
    matches!(
        (event.aggregate_type.as_str(), event.event_type.as_str()),
        ("Account", "RatingCredited" | "RatingAdjusted")
            | ("Assignment", "ReportApproved")
            | ("Project", "VolunteerJoined")
            | ("AchievementCatalogue", "AchievementDefined")
    )
}

fn assignment(event: AssignmentEvent) -> Option<Intent> {
    use AssignmentEvent as E;
    Some(match event {
        E::TaskOffered {
            task_id,
            project_id,
            volunteer,
        } => Intent::new(Kind::TaskOffered, Audience::Person(volunteer))
            .with("task_id", task_id)
            .with("project_id", project_id),
        E::ReportSubmitted {
            task_id,
            project_id,
            volunteer,
            report_id,
            photos,
            comment,
            ..
        } => Intent::new(Kind::ReportWaiting, Audience::ProjectOwner(project_id))
            .with("task_id", task_id)
            .with("project_id", project_id)
            .with("report_id", report_id)
            .with("volunteer_id", volunteer)
            .with("photos", photos.len())
            .with_opt("comment", comment),
        E::ReportApproved {
            task_id,
            project_id,
            volunteer,
            report_id,
            stars,
            comment,
            ..
        } => Intent::new(Kind::ReportApproved, Audience::Person(volunteer))
            .with("task_id", task_id)
            .with("project_id", project_id)
            .with("report_id", report_id)
            .with_opt("stars", stars)
            .with_opt("comment", comment),
        E::ReportRejected {
            task_id,
            project_id,
            volunteer,
            report_id,
            reason,
            ..
        } => Intent::new(Kind::ReportRejected, Audience::Person(volunteer))
            .with("task_id", task_id)
            .with("project_id", project_id)
            .with("report_id", report_id)
            .with("reason", reason),
        E::TaskAccepted { .. } | E::TaskDeclined { .. } => return None,
    })
}

fn account(id: Uuid, event: AccountEvent) -> Option<Intent> {
    match event {
        AccountEvent::OrganizerApproved { .. } => {
            Some(Intent::new(Kind::OrganizerApproved, Audience::Person(id)))
        }
        AccountEvent::OrganizerRejected { reason, .. } => {
            Some(Intent::new(Kind::OrganizerRejected, Audience::Person(id)).with("reason", reason))
        }
        _ => None,
    }
}

fn project(id: Uuid, event: ProjectEvent) -> Option<Intent> {
    let intent = match event {
        ProjectEvent::ProjectApproved { .. } => {
            Intent::new(Kind::ProjectApproved, Audience::ProjectOwner(id))
        }
        ProjectEvent::ProjectRejected { reason, .. } => {
            Intent::new(Kind::ProjectRejected, Audience::ProjectOwner(id)).with("reason", reason)
        }
        ProjectEvent::ProjectDeleted { by } => Intent {
            except: by,
            ..Intent::new(Kind::ProjectDeleted, Audience::ProjectMembers(id))
        },
        _ => return None,
    };
    Some(intent.with("project_id", id))
}

fn task(id: Uuid, event: TaskEvent) -> Option<Intent> {
    match event {
        TaskEvent::TaskCancelled { by } => Some(Intent {
            except: by,
            ..Intent::new(Kind::TaskCancelled, Audience::TaskRecipients(id)).with("task_id", id)
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
