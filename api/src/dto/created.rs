//! Rows for the answer to a creation whose view has not caught up yet (docs/decisions/0012):
//! a command that was appended is answered as a success, from the values it appended, never
//! with an error because a view lags behind.

use birqadam_commands::tasks::NewTask;
use birqadam_domain::project::ProjectDetails;
use birqadam_projections::projects::ProjectRow;
use birqadam_projections::tasks::TaskRow;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A new project as the projects view shows it once it applies `ProjectCreated`.
pub fn project_row(
    id: Uuid,
    owner: Uuid,
    organizer_name: Option<String>,
    details: ProjectDetails,
    at: DateTime<Utc>,
) -> ProjectRow {
    ProjectRow {
        organizer_name,
        ..ProjectRow::created(id, owner, details, at)
    }
}

/// A new task as the tasks view shows it once it applies `TaskCreated`.
pub fn task_row(
    id: Uuid,
    project_id: Uuid,
    owner: Uuid,
    task: NewTask,
    at: DateTime<Utc>,
) -> TaskRow {
    TaskRow {
        id,
        project_id,
        owner_id: owner,
        text: task.text,
        deadline_date: task.deadline_date,
        start_time: task.start_time,
        end_time: task.end_time,
        assignees: task.assignees,
        status: "open".to_owned(),
        created_at: at,
    }
}
