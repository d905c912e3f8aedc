//! The multi-row writes of a batch's project rows, members and first joins.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::{Members, ProjectRow};

/// Writes the project rows back with one multi-row upsert.
pub(super) async fn upsert(tx: &mut PgConnection, rows: Vec<ProjectRow>) -> anyhow::Result<()> {
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
