//! Projects: the catalogue, one project, its owner and members.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::Queries;
use crate::error::QueryError;
use crate::keyset::{Keyset, Page};
use crate::projects::ProjectRow;

/// Who is looking at the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Approved, not deleted projects.
    Public,
    /// The public ones plus every project of this owner (any status, deleted too).
    Owner(Uuid),
    /// Everything.
    Admin,
}

/// Catalogue filters (all optional; `q` matches title or description, case-insensitively).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectFilter {
    /// `pending`, `approved` or `rejected`.
    pub status: Option<String>,
    /// Exact city.
    pub city: Option<String>,
    /// `social`, `environmental` or `cultural`.
    pub volunteer_type: Option<String>,
    /// Free text.
    pub q: Option<String>,
}

/// A member as the owner sees them (never e-mails or phones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct MemberRow {
    /// The member's account.
    pub account_id: Uuid,
    /// Display name.
    pub name: String,
    /// Rating points.
    pub rating: i32,
    /// When they joined (this time).
    pub joined_at: DateTime<Utc>,
}

/// The select list of a project row with `joined` for viewer `$1` and the organizer's name.
const PROJECT: &str = "select p.*,
        exists (select 1 from project_members_view m
                 where m.project_id = p.id and m.account_id = $1) as joined,
        a.name as organizer_name
   from projects_view p
   left join accounts_view a on a.id = p.owner_id";

impl Queries {
    /// One project (any status; the caller decides who may see it) as `viewer` sees it.
    #[tracing::instrument(skip(self), err)]
    pub async fn project(
        &self,
        id: Uuid,
        viewer: Option<Uuid>,
    ) -> Result<Option<ProjectRow>, QueryError> {
        sqlx::query_as(&format!("{PROJECT} where p.id = $2"))
            .bind(viewer)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(QueryError::from)
    }

    /// The catalogue, newest first, paged by `(created_at, id)`.
    #[tracing::instrument(skip(self), err)]
    pub async fn projects(
        &self,
        filter: &ProjectFilter,
        visible_to: Visibility,
        viewer: Option<Uuid>,
        keyset: &Keyset<(DateTime<Utc>, Uuid)>,
    ) -> Result<Page<ProjectRow>, QueryError> {
        let (scope, owner) = match visible_to {
            Visibility::Public => ("public", None),
            Visibility::Owner(owner) => ("owner", Some(owner)),
            Visibility::Admin => ("admin", None),
        };
        let (after_at, after_id) = keyset.start().copied().unzip();
        let pattern = filter.q.as_deref().map(|q| {
            let escaped = q
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let rows = sqlx::query_as(&format!(
            "{PROJECT}
              where ($2 = 'admin'
                     or (p.status = 'approved' and not p.deleted)
                     or ($2 = 'owner' and p.owner_id = $3))
                and ($4::text is null or p.status = $4)
                and ($5::text is null or p.city = $5)
                and ($6::text is null or p.volunteer_type = $6)
                and ($7::text is null or p.title ilike $7 or p.description ilike $7)
                and ($8::timestamptz is null or (p.created_at, p.id) < ($8, $9))
              order by p.created_at desc, p.id desc
              limit $10"
        ))
        .bind(viewer)
        .bind(scope)
        .bind(owner)
        .bind(filter.status.as_deref())
        .bind(filter.city.as_deref())
        .bind(filter.volunteer_type.as_deref())
        .bind(pattern)
        .bind(after_at)
        .bind(after_id)
        .bind(keyset.fetch())
        .fetch_all(&self.pool)
        .await?;
        Ok(keyset.page(rows, |p: &ProjectRow| (p.created_at, p.id)))
    }

    /// The owner of a project.
    #[tracing::instrument(skip(self), err)]
    pub async fn project_owner(&self, id: Uuid) -> Result<Option<Uuid>, QueryError> {
        sqlx::query_scalar("select owner_id from projects_view where id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(QueryError::from)
    }

    /// Current members in joining order, paged by `(joined_at, account_id)`.
    #[tracing::instrument(skip(self), err)]
    pub async fn project_members(
        &self,
        project_id: Uuid,
        keyset: &Keyset<(DateTime<Utc>, Uuid)>,
    ) -> Result<Page<MemberRow>, QueryError> {
        let (after_at, after_id) = keyset.start().copied().unzip();
        let rows = sqlx::query_as(
            "select m.account_id, coalesce(a.name, '') as name, coalesce(a.rating, 0) as rating,
                    m.joined_at
               from project_members_view m
               left join accounts_view a on a.id = m.account_id
              where m.project_id = $1
                and ($2::timestamptz is null or (m.joined_at, m.account_id) > ($2, $3))
              order by m.joined_at, m.account_id
              limit $4",
        )
        .bind(project_id)
        .bind(after_at)
        .bind(after_id)
        .bind(keyset.fetch())
        .fetch_all(&self.pool)
        .await?;
        Ok(keyset.page(rows, |m: &MemberRow| (m.joined_at, m.account_id)))
    }

    /// Whether an account is a current member of a project.
    #[tracing::instrument(skip(self), err)]
    pub async fn is_member(&self, project_id: Uuid, account_id: Uuid) -> Result<bool, QueryError> {
        sqlx::query_scalar(
            "select exists (select 1 from project_members_view
                             where project_id = $1 and account_id = $2)",
        )
        .bind(project_id)
        .bind(account_id)
        .fetch_one(&self.pool)
        .await
        .map_err(QueryError::from)
    }
}
