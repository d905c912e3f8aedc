//! `projects_view`, `project_members_view` and `project_joins_view`: the catalogue, the current
//! members of each project and every project an account has ever joined.

use std::collections::HashMap;

use async_trait::async_trait;
use birqadam_domain::project::{ProjectDetails, ProjectEvent};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::log::StoredEvent;
use crate::projector::{Projector, decode, stream_id};

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
impl Projector for ProjectsProjector {
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
        let mut decoded = Vec::new();
        for event in events {
            if event.aggregate_type == "Project" && EVENTS.contains(&event.event_type.as_str()) {
                let id = stream_id(self.name(), event)?;
                let payload: ProjectEvent = decode(self.name(), event)?;
                decoded.push((id, payload, event.occurred_at()));
            }
        }
        if decoded.is_empty() {
            return Ok(());
        }
        let ids: Vec<Uuid> = decoded.iter().map(|(id, ..)| *id).collect();
        let mut rows: HashMap<Uuid, ProjectRow> =
            sqlx::query_as::<_, ProjectRow>("select * from projects_view where id = any($1)")
                .bind(&ids)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|row| (row.id, row))
                .collect();
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
        upsert(tx, rows.into_values().collect()).await?;
        write_members(tx, members, joins).await
    }
}

/// Applies one event in memory; joins are collected as `(account, project, at)`.
fn fold(
    rows: &mut HashMap<Uuid, ProjectRow>,
    members: &mut Members,
    joins: &mut Vec<(Uuid, Uuid, DateTime<Utc>)>,
    id: Uuid,
    event: ProjectEvent,
    at: DateTime<Utc>,
) {
    if let ProjectEvent::ProjectCreated { owner, details } = event {
        let mut row = ProjectRow {
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
        rows.insert(id, row);
        return;
    }
    let Some(row) = rows.get_mut(&id) else {
        tracing::warn!(project = %id, "event for a project that was never created; skipped");
        return;
    };
    row.updated_at = at;
    match event {
        ProjectEvent::ProjectCreated { .. } => {}
        ProjectEvent::ProjectApproved { .. } => {
            row.status = "approved".to_owned();
            row.rejection_reason = None;
        }
        ProjectEvent::ProjectRejected { reason, .. } => {
            row.status = "rejected".to_owned();
            row.rejection_reason = Some(reason);
        }
        ProjectEvent::ProjectUpdated { details } => {
            row.set_details(details);
            if row.status == "rejected" {
                row.status = "pending".to_owned();
            }
        }
        ProjectEvent::ProjectDeleted { .. } => row.deleted = true,
        ProjectEvent::ProjectRestored { .. } => row.deleted = false,
        ProjectEvent::VolunteerJoined { volunteer } => {
            let member = members.entry((id, volunteer)).or_default();
            if member.is_none() {
                *member = Some(at);
                row.members_count += 1;
            }
            joins.push((volunteer, id, at));
        }
        ProjectEvent::VolunteerLeft { volunteer } => {
            let member = members.entry((id, volunteer)).or_default();
            if member.take().is_some() {
                row.members_count -= 1;
            }
        }
    }
}

/// Writes the project rows back with one multi-row upsert.
async fn upsert(tx: &mut PgConnection, rows: Vec<ProjectRow>) -> anyhow::Result<()> {
    let mut c = Columns::default();
    for row in rows {
        c.id.push(row.id);
        c.owner_id.push(row.owner_id);
        c.title.push(row.title);
        c.description.push(row.description);
        c.volunteer_type.push(row.volunteer_type);
        c.city.push(row.city);
        c.address.push(row.address);
        c.latitude.push(row.latitude);
        c.longitude.push(row.longitude);
        c.start_date.push(row.start_date);
        c.end_date.push(row.end_date);
        c.capacity.push(row.capacity);
        c.contact_phone.push(row.contact_phone);
        c.contact_email.push(row.contact_email);
        c.contact_telegram.push(row.contact_telegram);
        // text[] cannot be nested in an unnest()ed array: pass each list as jsonb
        c.tags.push(serde_json::Value::from(row.tags));
        c.status.push(row.status);
        c.rejection_reason.push(row.rejection_reason);
        c.deleted.push(row.deleted);
        c.members_count.push(row.members_count);
        c.created_at.push(row.created_at);
        c.updated_at.push(row.updated_at);
    }
    sqlx::query(
        "insert into projects_view (id, owner_id, title, description, volunteer_type, city,
                address, latitude, longitude, start_date, end_date, capacity, contact_phone,
                contact_email, contact_telegram, tags, status, rejection_reason, deleted,
                members_count, created_at, updated_at)
         select id, owner_id, title, description, volunteer_type, city, address, latitude,
                longitude, start_date, end_date, capacity, contact_phone, contact_email,
                contact_telegram, array(select jsonb_array_elements_text(tags)), status,
                rejection_reason, deleted, members_count, created_at, updated_at
           from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[],
                       $7::text[], $8::float8[], $9::float8[], $10::date[], $11::date[],
                       $12::int4[], $13::text[], $14::text[], $15::text[], $16::jsonb[],
                       $17::text[], $18::text[], $19::bool[], $20::int4[], $21::timestamptz[],
                       $22::timestamptz[])
             as t (id, owner_id, title, description, volunteer_type, city, address, latitude,
                   longitude, start_date, end_date, capacity, contact_phone, contact_email,
                   contact_telegram, tags, status, rejection_reason, deleted, members_count,
                   created_at, updated_at)
         on conflict (id) do update set
                owner_id = excluded.owner_id, title = excluded.title,
                description = excluded.description, volunteer_type = excluded.volunteer_type,
                city = excluded.city, address = excluded.address, latitude = excluded.latitude,
                longitude = excluded.longitude, start_date = excluded.start_date,
                end_date = excluded.end_date, capacity = excluded.capacity,
                contact_phone = excluded.contact_phone, contact_email = excluded.contact_email,
                contact_telegram = excluded.contact_telegram, tags = excluded.tags,
                status = excluded.status, rejection_reason = excluded.rejection_reason,
                deleted = excluded.deleted, members_count = excluded.members_count,
                created_at = excluded.created_at, updated_at = excluded.updated_at",
    )
    .bind(c.id)
    .bind(c.owner_id)
    .bind(c.title)
    .bind(c.description)
    .bind(c.volunteer_type)
    .bind(c.city)
    .bind(c.address)
    .bind(c.latitude)
    .bind(c.longitude)
    .bind(c.start_date)
    .bind(c.end_date)
    .bind(c.capacity)
    .bind(c.contact_phone)
    .bind(c.contact_email)
    .bind(c.contact_telegram)
    .bind(c.tags)
    .bind(c.status)
    .bind(c.rejection_reason)
    .bind(c.deleted)
    .bind(c.members_count)
    .bind(c.created_at)
    .bind(c.updated_at)
    .execute(tx)
    .await?;
    Ok(())
}

/// Upserts the current members, deletes the ones who left and records first joins.
async fn write_members(
    tx: &mut PgConnection,
    members: Members,
    joins: Vec<(Uuid, Uuid, DateTime<Utc>)>,
) -> anyhow::Result<()> {
    if members.is_empty() {
        return Ok(());
    }
    let (mut in_p, mut in_a, mut in_at, mut out_p, mut out_a) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for ((project, account), joined_at) in members {
        if let Some(at) = joined_at {
            in_p.push(project);
            in_a.push(account);
            in_at.push(at);
        } else {
            out_p.push(project);
            out_a.push(account);
        }
    }
    sqlx::query(
        "insert into project_members_view (project_id, account_id, joined_at)
         select * from unnest($1::uuid[], $2::uuid[], $3::timestamptz[])
         on conflict (project_id, account_id) do update set joined_at = excluded.joined_at",
    )
    .bind(in_p)
    .bind(in_a)
    .bind(in_at)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "delete from project_members_view m
          using unnest($1::uuid[], $2::uuid[]) as t (project_id, account_id)
          where (m.project_id, m.account_id) = (t.project_id, t.account_id)",
    )
    .bind(out_p)
    .bind(out_a)
    .execute(&mut *tx)
    .await?;
    // the first join wins: events arrive in log order, later joins of a pair are no-ops
    let (mut j_a, mut j_p, mut j_at) = (Vec::new(), Vec::new(), Vec::new());
    for (account, project, at) in joins {
        j_a.push(account);
        j_p.push(project);
        j_at.push(at);
    }
    sqlx::query(
        "insert into project_joins_view (account_id, project_id, first_joined_at)
         select distinct on (account_id, project_id) account_id, project_id, first_joined_at
           from unnest($1::uuid[], $2::uuid[], $3::timestamptz[])
             with ordinality as t (account_id, project_id, first_joined_at, n)
          order by account_id, project_id, n
         on conflict (account_id, project_id) do nothing",
    )
    .bind(j_a)
    .bind(j_p)
    .bind(j_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The project rows as column arrays for `unnest`.
#[derive(Default)]
struct Columns {
    id: Vec<Uuid>,
    owner_id: Vec<Uuid>,
    title: Vec<String>,
    description: Vec<String>,
    volunteer_type: Vec<String>,
    city: Vec<String>,
    address: Vec<Option<String>>,
    latitude: Vec<Option<f64>>,
    longitude: Vec<Option<f64>>,
    start_date: Vec<Option<NaiveDate>>,
    end_date: Vec<Option<NaiveDate>>,
    capacity: Vec<Option<i32>>,
    contact_phone: Vec<Option<String>>,
    contact_email: Vec<Option<String>>,
    contact_telegram: Vec<Option<String>>,
    tags: Vec<serde_json::Value>,
    status: Vec<String>,
    rejection_reason: Vec<Option<String>>,
    deleted: Vec<bool>,
    members_count: Vec<i32>,
    created_at: Vec<DateTime<Utc>>,
    updated_at: Vec<DateTime<Utc>>,
}
