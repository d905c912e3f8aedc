//! `Queries`: the read facade the adapters call.

use crate::error::QueryError;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

mod achievements;
mod audit;
mod audit_verify;
mod facts;
mod legacy;
pub mod notification_settings;
mod periods;
mod projects;
mod rating;
mod receipts;
mod reports;
mod statement;
mod tasks;
mod viewed;

pub use achievements::{AchievementRow, NextAchievement, Progress};
pub use audit::{AuditLines, InclusionProof};
pub use audit_verify::{AuditFinding, AuditVerification, MAX_FINDINGS, verify_log};
pub use facts::{DueTask, ReportTarget};
pub use periods::{ClosedBoardRow, FinalRanking};
pub use projects::{MemberRow, ProjectFilter, Visibility};
pub use rating::{LeaderboardPage, LeaderboardRow, MyRank};
pub use reports::{ModerationFilter, PhotoRow};
pub use statement::StatementEntry;
pub use tasks::MyTaskRow;

pub use crate::accounts::AccountRow;
pub use crate::activity::ActivityRow;
pub use crate::assignments::{AssignmentRow, ReportRow};
pub use crate::keyset::{Keyset, Page};
pub use crate::organizer_applications::OrganizerApplicationRow;
pub use crate::projects::ProjectRow;
pub use crate::rating_history::RatingHistoryRow;
pub use crate::tasks::TaskRow;

/// Reads the views; cheap to clone.
#[derive(Clone)]
pub struct Queries {
    pool: PgPool,
    /// The leaderboards in memory, shared by the clones.
    ranks: std::sync::Arc<crate::rank_index::RankIndex>,
    /// The leaderboards' top rows as last built.
    top_rows: std::sync::Arc<rating::TopRows>,
}

impl Queries {
    /// A facade over this pool.
    pub fn new(pool: PgPool) -> Self {
        Self {
            pool,
            ranks: std::sync::Arc::default(),
            top_rows: std::sync::Arc::default(),
        }
    }

    /// One account.
    #[tracing::instrument(skip(self), err)]
    pub async fn account(&self, id: Uuid) -> Result<Option<AccountRow>, QueryError> {
        sqlx::query_as("select * from accounts_view where id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(QueryError::from)
    }

    /// The account linked to a Telegram user, if any.
    #[tracing::instrument(skip(self), err)]
    pub async fn account_by_telegram(
        &self,
        telegram_id: i64,
    ) -> Result<Option<AccountRow>, QueryError> {
        sqlx::query_as("select * from accounts_view where telegram_id = $1")
            .bind(telegram_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(QueryError::from)
    }

    /// Organizer applications, oldest first, optionally of one status, paged by
    /// `(submitted_at, account_id)`.
    #[tracing::instrument(skip(self), err)]
    pub async fn organizer_applications(
        &self,
        status: Option<&str>,
        keyset: &Keyset<(DateTime<Utc>, Uuid)>,
    ) -> Result<Page<OrganizerApplicationRow>, QueryError> {
        let (after_at, after_id) = keyset.start().copied().unzip();
        let rows = sqlx::query_as(
            "select o.*, a.name as applicant_name
               from organizer_applications_view o
               left join accounts_view a on a.id = o.account_id
              where ($1::text is null or o.status = $1)
                and ($2::timestamptz is null or (o.submitted_at, o.account_id) > ($2, $3))
              order by o.submitted_at, o.account_id
              limit $4",
        )
        // planned for each call's filter (as the moderation queue, `queries/reports.rs`)
        .persistent(false)
        .bind(status)
        .bind(after_at)
        .bind(after_id)
        .bind(keyset.fetch())
        .fetch_all(&self.pool)
        .await?;
        Ok(keyset.page(rows, |r: &OrganizerApplicationRow| {
            (r.submitted_at, r.account_id)
        }))
    }

    /// The organizer application of one account.
    #[tracing::instrument(skip(self), err)]
    pub async fn organizer_application(
        &self,
        account_id: Uuid,
    ) -> Result<Option<OrganizerApplicationRow>, QueryError> {
        sqlx::query_as(
            "select o.*, a.name as applicant_name
               from organizer_applications_view o
               left join accounts_view a on a.id = o.account_id
              where o.account_id = $1",
        )
        .bind(account_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(QueryError::from)
    }
}
