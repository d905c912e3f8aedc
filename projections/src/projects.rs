//! `projects_view`, `project_members_view` and `project_joins_view`: the catalogue, the current
//! members of each project and every project an account has ever joined.

mod fold;
mod sql;

use std::collections::HashMap;

use async_trait::async_trait;
use birqadam_domain::project::{ProjectDetails, ProjectEvent};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::consumer::{LogConsumer, relevant};
use crate::log::StoredEvent;
use crate::view_row::{load_rows, upsert_rows};
use fold::fold;
use sql::write_members;

/// The project events this view reads.
const EVENTS: &[&str] = &[
    "ProjectCreated",
    "ProjectApproved",
    "ProjectRejected",
    "ProjectUpdated",
    "ProjectDeleted",
    "ProjectRestored",
    "VolunteerJoined",
    "VolunteerLeft",
];

/// A row of `projects_view`, with the viewer's membership and the organizer's name when read by
/// `Queries`.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ProjectRow {
    /// The project's stream id.
    pub id: Uuid,
    /// The organizer's account.
    pub owner_id: Uuid,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// `social`, `environmental` or `cultural`.
    pub volunteer_type: String,
    /// City.
    pub city: String,
    /// Street address.
    pub address: Option<String>,
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
    /// First day (Almaty date).
    pub start_date: Option<NaiveDate>,
    /// Last day (Almaty date).
    pub end_date: Option<NaiveDate>,
    /// Most members (none: unlimited).
    pub capacity: Option<i32>,
    /// Public contact phone of the project.
    pub contact_phone: Option<String>,
    /// Public contact e-mail of the project.
    pub contact_email: Option<String>,
    /// Public Telegram handle of the project.
    pub contact_telegram: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    /// Why an admin rejected it (kept until the next decision).
    pub rejection_reason: Option<String>,
    /// Soft-deleted.
    pub deleted: bool,
    /// Current members.
    pub members_count: i32,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed (details, moderation, deletion or membership).
    pub updated_at: DateTime<Utc>,
    /// Whether the viewer is a member (only filled by queries).
    #[sqlx(default)]
    pub joined: bool,
    /// The organizer's display name (only filled by queries).
    #[sqlx(default)]
    pub organizer_name: Option<String>,
}

impl ProjectRow {
    /// The row `ProjectCreated` makes: pending, no members, no organizer name (queries add it).
    pub fn created(id: Uuid, owner: Uuid, details: ProjectDetails, at: DateTime<Utc>) -> Self {
        let mut row = Self {
            id,
            owner_id: owner,
            title: String::new(),
            description: String::new(),
            volunteer_type: String::new(),
            city: String::new(),
            address: None,
            latitude: None,
            longitude: None,
            start_date: None,
            end_date: None,
            capacity: None,
            contact_phone: None,
            contact_email: None,
            contact_telegram: None,
            tags: Vec::new(),
            status: "pending".to_owned(),
            rejection_reason: None,
            deleted: false,
            members_count: 0,
            created_at: at,
            updated_at: at,
            joined: false,
            organizer_name: None,
        };
        row.set_details(details);
        row
    }

    fn set_details(&mut self, details: ProjectDetails) {
        self.title = details.title;
        self.description = details.description;
        self.volunteer_type = details.volunteer_type.as_str().to_owned();
        self.city = details.city;
        self.address = details.address;
        self.latitude = details.latitude;
        self.longitude = details.longitude;
        self.start_date = details.start_date;
        self.end_date = details.end_date;
        self.capacity = details
            .capacity
            .map(|c| i32::try_from(c).unwrap_or(i32::MAX));
        self.contact_phone = details.contact_phone;
        self.contact_email = details.contact_email;
        self.contact_telegram = details.contact_telegram;
        self.tags = details.tags;
    }
}

/// Feeds the project tables.
pub struct ProjectsProjector;

/// `(project, account)` → joined at (none: not a member), as loaded and then folded.
type Members = HashMap<(Uuid, Uuid), Option<DateTime<Utc>>>;

#[async_trait]
impl LogConsumer for ProjectsProjector {
    fn name(&self) -> &'static str {
        "projects"
    }

    fn tables(&self) -> &'static [&'static str] {
        &[
            "projects_view",
            "project_members_view",
            "project_joins_view",
        ]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let decoded: Vec<(Uuid, ProjectEvent, DateTime<Utc>)> =
            relevant(self.name(), events, "Project", EVENTS)?;
        if decoded.is_empty() {
            return Ok(());
        }
        let mut rows = load_rows::<ProjectRow>(tx, decoded.iter().map(|(id, ..)| *id)).await?;
        let (pairs_p, pairs_a): (Vec<Uuid>, Vec<Uuid>) = decoded
            .iter()
            .filter_map(|(id, event, _)| match event {
                ProjectEvent::VolunteerJoined { volunteer }
                | ProjectEvent::VolunteerLeft { volunteer } => Some((*id, *volunteer)),
                _ => None,
            })
            .unzip();
        let mut members: Members = pairs_p
            .iter()
            .zip(&pairs_a)
            .map(|(p, a)| ((*p, *a), None))
            .collect();
        if !members.is_empty() {
            let loaded: Vec<(Uuid, Uuid, DateTime<Utc>)> = sqlx::query_as(
                "select m.project_id, m.account_id, m.joined_at
                   from project_members_view m
                   join unnest($1::uuid[], $2::uuid[]) as t (project_id, account_id)
                     on (m.project_id, m.account_id) = (t.project_id, t.account_id)",
            )
            .bind(&pairs_p)
            .bind(&pairs_a)
            .fetch_all(&mut *tx)
            .await?;
            for (project, account, at) in loaded {
                members.insert((project, account), Some(at));
            }
        }
        let mut joins = Vec::new();
        for (id, event, at) in decoded {
            fold(&mut rows, &mut members, &mut joins, id, event, at);
        }
        upsert_rows(tx, rows.into_values()).await?;
        write_members(tx, members, joins).await
    }
}
