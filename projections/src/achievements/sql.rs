//! Writing a batch's defined achievements, touched progress and new unlocks back.

use sqlx::PgConnection;

use super::fold::State;
use super::{AchievementDefinitionRow, ProgressRow};

impl State {
    pub(super) async fn write(self, tx: &mut PgConnection) -> anyhow::Result<()> {
        let defined: Vec<&AchievementDefinitionRow> = self
            .catalogue
            .iter()
            .filter(|d| self.defined.contains(&d.id))
            .collect();
        if !defined.is_empty() {
            sqlx::query(
                "insert into achievement_catalogue_view (id, name, description, icon, rule_kind,
                        threshold, xp, position)
                 select * from unnest($1::text[], $2::jsonb[], $3::jsonb[], $4::text[],
                                      $5::text[], $6::int4[], $7::int4[], $8::int8[])
                 on conflict (id) do update set
                        name = excluded.name, description = excluded.description,
                        icon = excluded.icon, rule_kind = excluded.rule_kind,
                        threshold = excluded.threshold, xp = excluded.xp,
                        position = excluded.position",
            )
            .bind(defined.iter().map(|d| d.id.clone()).collect::<Vec<_>>())
            .bind(defined.iter().map(|d| d.name.clone()).collect::<Vec<_>>())
            .bind(
                defined
                    .iter()
                    .map(|d| d.description.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(defined.iter().map(|d| d.icon.clone()).collect::<Vec<_>>())
            .bind(
                defined
                    .iter()
                    .map(|d| d.rule_kind.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(defined.iter().map(|d| d.threshold).collect::<Vec<_>>())
            .bind(defined.iter().map(|d| d.xp).collect::<Vec<_>>())
            .bind(defined.iter().map(|d| d.position).collect::<Vec<_>>())
            .execute(&mut *tx)
            .await?;
        }
        let touched: Vec<&ProgressRow> = self
            .touched
            .iter()
            .filter_map(|account| self.progress.get(account))
            .collect();
        if !touched.is_empty() {
            sqlx::query(
                "insert into account_progress_view (account_id, rating, approved_reports,
                        projects_joined, joined_projects)
                 select account_id, rating, approved_reports, projects_joined,
                        array(select jsonb_array_elements_text(joined)::uuid)
                   from unnest($1::uuid[], $2::int4[], $3::int4[], $4::int4[], $5::jsonb[])
                     as t (account_id, rating, approved_reports, projects_joined, joined)
                 on conflict (account_id) do update set
                        rating = excluded.rating, approved_reports = excluded.approved_reports,
                        projects_joined = excluded.projects_joined,
                        joined_projects = excluded.joined_projects",
            )
            .bind(touched.iter().map(|p| p.account_id).collect::<Vec<_>>())
            .bind(touched.iter().map(|p| p.rating).collect::<Vec<_>>())
            .bind(
                touched
                    .iter()
                    .map(|p| p.approved_reports)
                    .collect::<Vec<_>>(),
            )
            .bind(
                touched
                    .iter()
                    .map(|p| p.projects_joined)
                    .collect::<Vec<_>>(),
            )
            // uuid[] cannot be nested in an unnest()ed array: pass each list as jsonb
            .bind(
                touched
                    .iter()
                    .map(|p| serde_json::json!(p.joined_projects))
                    .collect::<Vec<_>>(),
            )
            .execute(&mut *tx)
            .await?;
        }
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
