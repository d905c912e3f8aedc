//! The `project` and `task` shapes of the API.

use birqadam_projections::projects::ProjectRow;
use birqadam_projections::queries::MyTaskRow;
use birqadam_projections::tasks::TaskRow;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

/// `{id, name}` of a person.
#[derive(Debug, Serialize)]
pub struct PersonRef {
    /// Account id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
}

/// `project` as API.md defines it (plus tags and public contacts).
#[derive(Debug, Serialize)]
pub struct ProjectDto {
    id: Uuid,
    title: String,
    description: String,
    volunteer_type: String,
    city: String,
    address: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    capacity: Option<i32>,
    contact_phone: Option<String>,
    contact_email: Option<String>,
    contact_telegram: Option<String>,
    tags: Vec<String>,
    status: String,
    rejection_reason: Option<String>,
    deleted: bool,
    organizer: PersonRef,
    members_count: i32,
    joined: bool,
    created_at: DateTime<Utc>,
}

impl ProjectDto {
    /// The project's id.
    pub fn id(&self) -> Uuid {
        self.id
    }
}

impl From<ProjectRow> for ProjectDto {
    fn from(r: ProjectRow) -> Self {
        Self {
            id: r.id,
            title: r.title,
            description: r.description,
            volunteer_type: r.volunteer_type,
            city: r.city,
            address: r.address,
            latitude: r.latitude,
            longitude: r.longitude,
            start_date: r.start_date,
            end_date: r.end_date,
            capacity: r.capacity,
            contact_phone: r.contact_phone,
            contact_email: r.contact_email,
            contact_telegram: r.contact_telegram,
            tags: r.tags,
            status: r.status,
            rejection_reason: r.rejection_reason,
            deleted: r.deleted,
            organizer: PersonRef {
                id: r.owner_id,
                name: r.organizer_name.unwrap_or_default(),
            },
            members_count: r.members_count,
            joined: r.joined,
            created_at: r.created_at,
        }
    }
}

/// A volunteer's assignment on a task.
#[derive(Debug, Serialize)]
pub struct AssignmentDto {
    /// offered | accepted | declined | submitted | approved | rejected.
    pub status: String,
    /// The latest report, if any.
    pub report_id: Option<Uuid>,
}

/// `task` as API.md defines it.
#[derive(Debug, Serialize)]
pub struct TaskDto {
    id: Uuid,
    project_id: Uuid,
    text: String,
    deadline_date: Option<NaiveDate>,
    start_time: Option<String>,
    end_time: Option<String>,
    status: String,
    created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assignment: Option<AssignmentDto>,
}

impl TaskDto {
    /// The task's id.
    pub fn id(&self) -> Uuid {
        self.id
    }

    /// A task, optionally with the caller's assignment.
    pub fn new(r: TaskRow, assignment: Option<AssignmentDto>) -> Self {
        Self {
            id: r.id,
            project_id: r.project_id,
            text: r.text,
            deadline_date: r.deadline_date,
            start_time: r.start_time.map(|t| t.format("%H:%M").to_string()),
            end_time: r.end_time.map(|t| t.format("%H:%M").to_string()),
            status: r.status,
            created_at: r.created_at,
            assignment,
        }
    }
}

impl From<MyTaskRow> for TaskDto {
    fn from(r: MyTaskRow) -> Self {
        let assignment = Some(AssignmentDto {
            status: r.assignment_status.unwrap_or_else(|| "offered".to_owned()),
            report_id: r.report_id,
        });
        Self::new(r.task, assignment)
    }
}
