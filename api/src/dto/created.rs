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
        id,
        owner_id: owner,
        title: details.title,
        description: details.description,
        volunteer_type: details.volunteer_type.as_str().to_owned(),
        city: details.city,
        address: details.address,
        latitude: details.latitude,
        longitude: details.longitude,
        start_date: details.start_date,
        end_date: details.end_date,
        capacity: details
            .capacity
            .map(|c| i32::try_from(c).unwrap_or(i32::MAX)),
        contact_phone: details.contact_phone,
        contact_email: details.contact_email,
        contact_telegram: details.contact_telegram,
        tags: details.tags,
        status: "pending".to_owned(),
        rejection_reason: None,
        deleted: false,
        members_count: 0,
        created_at: at,
        updated_at: at,
        joined: false,
        organizer_name,
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
