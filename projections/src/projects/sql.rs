//! The columns of a batch's project rows, and the writes of its members and first joins.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::{Members, ProjectRow};
use crate::view_row::{Columns, ViewRow};

impl ViewRow for ProjectRow {
    const TABLE: &'static str = "projects_view";
    type Key = Uuid;

    fn key(&self) -> Uuid {
        self.id
    }

    fn key_columns(c: &mut Columns<'_, Uuid>) {
        c.col("id", |id| *id);
    }

    fn columns(c: &mut Columns<'_, Self>) {
        c.col("id", |r| r.id)
            .col("owner_id", |r| r.owner_id)
            .col("title", |r| r.title.clone())
            .col("description", |r| r.description.clone())
            .col("volunteer_type", |r| r.volunteer_type.clone())
            .col("city", |r| r.city.clone())
            .col("address", |r| r.address.clone())
            .col("latitude", |r| r.latitude)
            .col("longitude", |r| r.longitude)
            .col("start_date", |r| r.start_date)
            .col("end_date", |r| r.end_date)
            .col("capacity", |r| r.capacity)
            .col("contact_phone", |r| r.contact_phone.clone())
            .col("contact_email", |r| r.contact_email.clone())
            .col("contact_telegram", |r| r.contact_telegram.clone())
            .list("tags", "text", |r| r.tags.clone())
            .col("status", |r| r.status.clone())
            .col("rejection_reason", |r| r.rejection_reason.clone())
            .col("deleted", |r| r.deleted)
            .col("members_count", |r| r.members_count)
            .col("created_at", |r| r.created_at)
            .col("updated_at", |r| r.updated_at);
    }
}

/// Upserts the current members, deletes the ones who left and records first joins.
pub(super) async fn write_members(
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
