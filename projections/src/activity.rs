//! `activity_view`: a volunteer's feed, one row per event about them.
//!
//! Rows hold a `kind` and neutral JSON `params` (stars, delta, reason, attempt); the title is
//! rendered when read ([`ActivityRow::title`]) with the project's current title. Achievement
//! unlocks are not copied here: the activity query reads them from `achievements_view` (one
//! projector computes unlocks), so the two never disagree about what was unlocked.

use async_trait::async_trait;
use birqadam_domain::account::AccountEvent;
use birqadam_domain::assignment::AssignmentEvent;
use birqadam_domain::project::ProjectEvent;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::consumer::{LogConsumer, decode, stream_id};
use crate::log::StoredEvent;

/// An entry of a feed, as `Queries::activity` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ActivityRow {
    /// The account whose feed it is.
    pub account_id: Uuid,
    /// The event's global position.
    pub position: i64,
    /// Tie-breaker within one event: 0, or the catalogue position of an unlocked achievement.
    pub sub: i64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// `project_joined`, `project_left`, `task_offered`, `task_accepted`, `report_submitted`,
    /// `report_approved`, `report_rejected`, `rating_adjusted` or `achievement_unlocked`.
    pub kind: String,
    /// The project, when there is one.
    pub project_id: Option<Uuid>,
    /// The task or report id, when there is one.
    pub ref_id: Option<Uuid>,
    /// What the title is rendered from.
    pub params: serde_json::Value,
    /// The project's current title (filled by the query).
    pub project_title: Option<String>,
    /// The unlocked achievement's name `{ru, kk, en}` (filled by the query).
    pub achievement_name: Option<serde_json::Value>,
}

impl ActivityRow {
    /// A short title in `language` (`en`; anything else gets Russian, the default language).
    pub fn title(&self, language: &str) -> String {
        let en = language == "en";
        let project = self.project_title.as_deref().unwrap_or("");
        let param = |key: &str| self.params.get(key).cloned().unwrap_or_default();
        let text = |value: serde_json::Value| value.as_str().unwrap_or("").to_owned();
        match (self.kind.as_str(), en) {
            ("project_joined", false) => format!("Вы вступили в проект «{project}»"),
            ("project_joined", true) => format!("You joined “{project}”"),
            ("project_left", false) => format!("Вы вышли из проекта «{project}»"),
            ("project_left", true) => format!("You left “{project}”"),
            ("task_offered", false) => format!("Новая задача в проекте «{project}»"),
            ("task_offered", true) => format!("New task in “{project}”"),
            ("task_accepted", false) => format!("Вы приняли задачу в проекте «{project}»"),
            ("task_accepted", true) => format!("You accepted a task in “{project}”"),
            ("report_submitted", false) => "Фотоотчёт отправлен".to_owned(),
            ("report_submitted", true) => "Photo report submitted".to_owned(),
            ("report_approved", _) => match (param("stars").as_i64(), en) {
                (Some(stars), false) => format!("Фотоотчёт одобрен: {stars}★"),
                (Some(stars), true) => format!("Photo report approved: {stars}★"),
                (None, false) => "Фотоотчёт одобрен".to_owned(),
                (None, true) => "Photo report approved".to_owned(),
            },
            ("report_rejected", false) => format!("Фотоотчёт отклонён: {}", text(param("reason"))),
            ("report_rejected", true) => {
                format!("Photo report rejected: {}", text(param("reason")))
            }
            ("rating_adjusted", _) => {
                let delta = param("delta").as_i64().unwrap_or(0);
                if en {
                    format!("Rating adjusted by {delta:+}")
                } else {
                    format!("Рейтинг изменён на {delta:+}")
                }
            }
            ("achievement_unlocked", _) => {
                let name = self
                    .achievement_name
                    .as_ref()
                    .and_then(|n| n.get(if en { "en" } else { "ru" }))
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("");
                if en {
                    format!("Achievement unlocked: {name}")
                } else {
                    format!("Новое достижение: {name}")
                }
            }
            (kind, _) => kind.to_owned(),
        }
    }
}

/// One feed entry as written: `(account, kind, project, ref, params)`.
type Entry = (
    Uuid,
    &'static str,
    Option<Uuid>,
    Option<Uuid>,
    serde_json::Value,
);

/// Feeds `activity_view`.
pub struct ActivityProjector;

#[async_trait]
impl LogConsumer for ActivityProjector {
    fn name(&self) -> &'static str {
        "activity"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["activity_view"]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let (mut account, mut position, mut at, mut kind) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut project, mut reference, mut params) = (Vec::new(), Vec::new(), Vec::new());
        for event in events {
            let Some((a, k, p, r, ps)) = self.entry(event)? else {
                continue;
            };
            account.push(a);
            position.push(event.checkpoint.global_position);
            at.push(event.occurred_at());
            kind.push(k);
            project.push(p);
            reference.push(r);
            params.push(ps);
        }
        if account.is_empty() {
            return Ok(());
        }
        sqlx::query(
            "insert into activity_view (account_id, position, at, kind, project_id, ref_id,
                    params)
             select * from unnest($1::uuid[], $2::int8[], $3::timestamptz[], $4::text[],
                                  $5::uuid[], $6::uuid[], $7::jsonb[])
             on conflict (account_id, position) do nothing",
        )
        .bind(account)
        .bind(position)
        .bind(at)
        .bind(kind)
        .bind(project)
        .bind(reference)
        .bind(params)
        .execute(tx)
        .await?;
        Ok(())
    }
}

impl ActivityProjector {
    /// The feed entry of one event, if it makes one.
    fn entry(&self, event: &StoredEvent) -> anyhow::Result<Option<Entry>> {
        let name = self.name();
        let kind = event.event_type.as_str();
        let entry = match event.aggregate_type.as_str() {
            "Project" if matches!(kind, "VolunteerJoined" | "VolunteerLeft") => {
                let project = Some(stream_id(name, event)?);
                match decode(name, event)? {
                    ProjectEvent::VolunteerJoined { volunteer } => {
                        (volunteer, "project_joined", project, None, json!({}))
                    }
                    ProjectEvent::VolunteerLeft { volunteer } => {
                        (volunteer, "project_left", project, None, json!({}))
                    }
                    _ => return Ok(None),
                }
            }
            "Assignment"
                if matches!(
                    kind,
                    "TaskOffered"
                        | "TaskAccepted"
                        | "ReportSubmitted"
                        | "ReportApproved"
                        | "ReportRejected"
                ) =>
            {
                use AssignmentEvent as E;
                match decode(name, event)? {
                    E::TaskOffered {
                        task_id,
                        project_id,
                        volunteer,
                    } => (
                        volunteer,
                        "task_offered",
                        Some(project_id),
                        Some(task_id),
                        json!({}),
                    ),
                    E::TaskAccepted {
                        task_id,
                        project_id,
                        volunteer,
                    } => (
                        volunteer,
                        "task_accepted",
                        Some(project_id),
                        Some(task_id),
                        json!({}),
                    ),
                    E::ReportSubmitted {
                        project_id,
                        volunteer,
                        report_id,
                        attempt,
                        ..
                    } => (
                        volunteer,
                        "report_submitted",
                        Some(project_id),
                        Some(report_id),
                        json!({ "attempt": attempt }),
                    ),
                    E::ReportApproved {
                        project_id,
                        volunteer,
                        report_id,
                        stars,
                        ..
                    } => (
                        volunteer,
                        "report_approved",
                        Some(project_id),
                        Some(report_id),
                        json!({ "stars": stars }),
                    ),
                    E::ReportRejected {
                        project_id,
                        volunteer,
                        report_id,
                        reason,
                        ..
                    } => (
                        volunteer,
                        "report_rejected",
                        Some(project_id),
                        Some(report_id),
                        json!({ "reason": reason }),
                    ),
                    E::TaskDeclined { .. } => return Ok(None),
                }
            }
            "Account" if kind == "RatingAdjusted" => {
                let account = stream_id(name, event)?;
                match decode(name, event)? {
                    AccountEvent::RatingAdjusted {
                        delta_applied,
                        rating_after,
                        reason,
                        ..
                    } => (
                        account,
                        "rating_adjusted",
                        None,
                        None,
                        json!({ "delta": delta_applied, "rating_after": rating_after,
                                "reason": reason }),
                    ),
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(entry))
    }
}
