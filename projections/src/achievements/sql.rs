//! Writing a batch's defined achievements, touched progress and new unlocks back.

use sqlx::PgConnection;
use uuid::Uuid;

use super::fold::State;
use super::{AchievementDefinitionRow, ProgressRow};
use crate::view_row::{Columns, ViewRow, upsert_rows};

impl ViewRow for AchievementDefinitionRow {
    const TABLE: &'static str = "achievement_catalogue_view";
    type Key = String;

    fn key(&self) -> String {
        self.id.clone()
    }

    fn key_columns(c: &mut Columns<'_, String>) {
        c.col("id", |id| id.clone());
    }

    fn columns(c: &mut Columns<'_, Self>) {
        c.col("id", |r| r.id.clone())
            .col("name", |r| r.name.clone())
            .col("description", |r| r.description.clone())
            .col("icon", |r| r.icon.clone())
            .col("rule_kind", |r| r.rule_kind.clone())
            .col("threshold", |r| r.threshold)
            .col("xp", |r| r.xp)
            .col("position", |r| r.position);
    }
}

impl ViewRow for ProgressRow {
    const TABLE: &'static str = "account_progress_view";
    type Key = Uuid;

    fn key(&self) -> Uuid {
        self.account_id
    }

    fn key_columns(c: &mut Columns<'_, Uuid>) {
        c.col("account_id", |id| *id);
    }

    fn columns(c: &mut Columns<'_, Self>) {
        c.col("account_id", |r| r.account_id)
            .col("rating", |r| r.rating)
            .col("approved_reports", |r| r.approved_reports)
            .col("projects_joined", |r| r.projects_joined)
            .list("joined_projects", "uuid", |r| r.joined_projects.clone());
    }
}

impl State {
    pub(super) async fn write(self, tx: &mut PgConnection) -> anyhow::Result<()> {
        let defined: Vec<AchievementDefinitionRow> = self
            .catalogue
            .iter()
            .filter(|d| self.defined.contains(&d.id))
            .cloned()
            .collect();
        upsert_rows(tx, defined).await?;
        let touched: Vec<ProgressRow> = self
            .touched
            .iter()
            .filter_map(|account| self.progress.get(account).cloned())
            .collect();
        upsert_rows(tx, touched).await?;
        if !self.unlocks.is_empty() {
            let (mut account, mut id, mut at, mut position) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (a, i, t, p) in self.unlocks {
                account.push(a);
                id.push(i);
                at.push(t);
                position.push(p);
            }
            sqlx::query(
                "insert into achievements_view (account_id, achievement_id, unlocked_at, position)
                 select * from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int8[])
                 on conflict (account_id, achievement_id) do nothing",
            )
            .bind(account)
            .bind(id)
            .bind(at)
            .bind(position)
            .execute(&mut *tx)
            .await?;
        }
        Ok(())
    }
}
