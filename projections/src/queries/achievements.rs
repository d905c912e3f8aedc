//! Achievements: the catalogue with an account's unlocks, progress, and the activity feed.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::Queries;
use crate::achievements::ProgressRow;
use crate::activity::ActivityRow;
use crate::error::QueryError;
use crate::keyset::{Keyset, Page};

/// A catalogue entry with the account's unlock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AchievementRow {
    /// Stable slug.
    pub id: String,
    /// `{ru, kk, en}`.
    pub name: serde_json::Value,
    /// `{ru, kk, en}`.
    pub description: serde_json::Value,
    /// Material icon name.
    pub icon: String,
    /// `rating`, `approved_reports` or `projects_joined`.
    pub rule_kind: String,
    /// The value the rule needs.
    pub threshold: i32,
    /// Experience points it gives.
    pub xp: i32,
    /// Catalogue order.
    pub position: i64,
    /// When the account unlocked it (none: locked).
    pub unlocked_at: Option<DateTime<Utc>>,
}

/// The locked achievement closest to being unlocked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextAchievement {
    /// The achievement.
    pub achievement: AchievementRow,
    /// The account's value for its rule (rating, approved reports or projects joined).
    pub current: i32,
}

/// An account's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Rating after the last change.
    pub rating: i32,
    /// Approved reports.
    pub approved_reports: i32,
    /// Distinct projects ever joined.
    pub projects_joined: i32,
    /// Sum of the xp of the unlocked achievements.
    pub xp: i64,
    /// Achievements unlocked.
    pub unlocked: i64,
    /// The locked achievement with the largest share of its threshold reached (ties: the lower
    /// threshold, then catalogue order); none when everything is unlocked.
    pub next: Option<NextAchievement>,
}

impl Queries {
    /// The catalogue in catalogue order, with `account`'s unlocks (none: nothing unlocked).
    #[tracing::instrument(skip(self), err)]
    pub async fn achievements(
        &self,
        account: Option<Uuid>,
    ) -> Result<Vec<AchievementRow>, QueryError> {
        sqlx::query_as(
            "select c.*, u.unlocked_at
               from achievement_catalogue_view c
               left join achievements_view u on u.achievement_id = c.id and u.account_id = $1
              order by c.position",
        )
        .bind(account)
        .fetch_all(&self.pool)
        .await
        .map_err(QueryError::from)
    }

    /// An account's progress towards the achievements.
    #[tracing::instrument(skip(self), err)]
    pub async fn progress(&self, account: Uuid) -> Result<Progress, QueryError> {
        let row: Option<ProgressRow> =
            sqlx::query_as("select * from account_progress_view where account_id = $1")
                .bind(account)
                .fetch_optional(&self.pool)
                .await?;
        let (rating, approved_reports, projects_joined) = row.map_or((0, 0, 0), |r| {
            (r.rating, r.approved_reports, r.projects_joined)
        });
        let catalogue = self.achievements(Some(account)).await?;
        let unlocked: Vec<&AchievementRow> = catalogue
            .iter()
            .filter(|a| a.unlocked_at.is_some())
            .collect();
        let current = |a: &AchievementRow| match a.rule_kind.as_str() {
            "rating" => rating,
            "approved_reports" => approved_reports,
            "projects_joined" => projects_joined,
            _ => 0,
        };
        let next = catalogue
            .iter()
            .filter(|a| a.unlocked_at.is_none() && a.threshold > 0)
            // compare current/threshold as fractions without floats
            .max_by(|a, b| {
                (i64::from(current(a)) * i64::from(b.threshold))
                    .cmp(&(i64::from(current(b)) * i64::from(a.threshold)))
                    .then(b.threshold.cmp(&a.threshold))
                    .then(b.position.cmp(&a.position))
            })
            .map(|a| NextAchievement {
                achievement: a.clone(),
                current: current(a),
            });
        Ok(Progress {
            rating,
            approved_reports,
            projects_joined,
            xp: unlocked.iter().map(|a| i64::from(a.xp)).sum(),
            unlocked: unlocked.len() as i64,
            next,
        })
    }

    /// An account's feed, newest first, with its achievement unlocks, paged by
    /// `(at, position, sub)`.
    #[tracing::instrument(skip(self), err)]
    pub async fn activity(
        &self,
        account: Uuid,
        keyset: &Keyset<(DateTime<Utc>, i64, i64)>,
    ) -> Result<Page<ActivityRow>, QueryError> {
        let (after_at, after_position, after_sub) = match keyset.start() {
            Some(&(at, position, sub)) => (Some(at), Some(position), Some(sub)),
            None => (None, None, None),
        };
        let rows = sqlx::query_as(
            "select * from (
                 select v.account_id, v.position, 0::int8 as sub, v.at, v.kind, v.project_id,
                        v.ref_id, v.params, p.title as project_title,
                        null::jsonb as achievement_name
                   from activity_view v
                   left join projects_view p on p.id = v.project_id
                  where v.account_id = $1
                 union all
                 select u.account_id, u.position, c.position, u.unlocked_at,
                        'achievement_unlocked', null, null,
                        jsonb_build_object('achievement_id', u.achievement_id), null, c.name
                   from achievements_view u
                   join achievement_catalogue_view c on c.id = u.achievement_id
                  where u.account_id = $1) f
              where $2::timestamptz is null or (f.at, f.position, f.sub) < ($2, $3, $4)
              order by f.at desc, f.position desc, f.sub desc
              limit $5",
        )
        .bind(account)
        .bind(after_at)
        .bind(after_position)
        .bind(after_sub)
        .bind(keyset.fetch())
        .fetch_all(&self.pool)
        .await?;
        Ok(keyset.page(rows, |r: &ActivityRow| (r.at, r.position, r.sub)))
    }
}
