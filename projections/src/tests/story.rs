//! Writing a core-loop story into the log with controlled `occurred_at`, then projecting it.

use std::collections::{BTreeSet, HashMap};

use birqadam_domain::Role;
use birqadam_domain::account::{AccountEvent, RatingSource, RegistrationSource};
use birqadam_domain::achievement::{
    AchievementCatalogueEvent, AchievementRule, CATALOGUE_ID, LocalisedText,
};
use birqadam_domain::assignment::{AssignmentEvent, PhotoRef, assignment_id, report_id};
use birqadam_domain::project::{ProjectDetails, ProjectEvent, VolunteerType};
use birqadam_domain::task::TaskEvent;
use birqadam_domain::values::Language;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::support::{PATIENCE, database, eventually, last_event};
use crate::all_projectors;
use crate::log::head;
use crate::testing::run_to_end;

/// An instant from RFC 3339 text.
pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("an RFC 3339 instant")
}

/// A log writer that numbers each stream's events and stamps `occurred_at`.
pub struct Story {
    pub pool: PgPool,
    sequences: HashMap<Uuid, i64>,
}

impl Story {
    /// A story in a fresh database.
    pub async fn new() -> Self {
        Self {
            pool: database().await,
            sequences: HashMap::new(),
        }
    }

    /// Appends one event of `aggregate_type` stream `id` that happened at `when`.
    pub async fn append<E: Serialize>(
        &mut self,
        aggregate_type: &str,
        id: Uuid,
        event: &E,
        when: &str,
    ) {
        let payload = serde_json::to_value(event).expect("event serialises");
        let event_type = payload
            .as_object()
            .and_then(|o| o.keys().next().cloned())
            .expect("externally tagged");
        let sequence = self.sequences.entry(id).or_default();
        *sequence += 1;
        sqlx::query(
            "insert into events (aggregate_type, aggregate_id, sequence, event_type,
                                 event_version, payload, metadata)
             values ($1, $2, $3, $4, '1.0', $5, $6)",
        )
        .bind(aggregate_type)
        .bind(id.to_string())
        .bind(*sequence)
        .bind(event_type)
        .bind(payload)
        .bind(serde_json::json!({ "occurred_at": when, "channel": "api" }))
        .execute(&self.pool)
        .await
        .expect("event inserted");
    }

    /// Registers an account with these roles; returns its id.
    pub async fn account(&mut self, name: &str, roles: &[Role], when: &str) -> Uuid {
        let id = Uuid::now_v7();
        let event = AccountEvent::AccountRegistered {
            name: name.to_owned(),
            email: None,
            phone: None,
            language: Language::Ru,
            roles: roles.iter().copied().collect::<BTreeSet<_>>(),
            source: RegistrationSource::App,
        };
        self.append("Account", id, &event, when).await;
        id
    }

    /// A volunteer account.
    pub async fn volunteer(&mut self, name: &str) -> Uuid {
        self.account(name, &[Role::Volunteer], "2026-11-01T00:00:00Z")
            .await
    }

    /// A project event.
    pub async fn project(&mut self, id: Uuid, event: ProjectEvent, when: &str) {
        self.append("Project", id, &event, when).await;
    }

    /// Creates (and approves, when `approve`) a project; returns its id.
    pub async fn new_project(
        &mut self,
        owner: Uuid,
        title: &str,
        approve: bool,
        when: &str,
    ) -> Uuid {
        let id = Uuid::now_v7();
        let details = details(title);
        self.project(id, ProjectEvent::ProjectCreated { owner, details }, when)
            .await;
        if approve {
            self.project(id, ProjectEvent::ProjectApproved { by: None }, when)
                .await;
        }
        id
    }

    /// A volunteer joins.
    pub async fn join(&mut self, project: Uuid, volunteer: Uuid, when: &str) {
        self.project(project, ProjectEvent::VolunteerJoined { volunteer }, when)
            .await;
    }

    /// A task for every member (`assignees` none) or the listed ones; returns its id.
    pub async fn task(
        &mut self,
        project: Uuid,
        owner: Uuid,
        assignees: Option<Vec<Uuid>>,
        when: &str,
    ) -> Uuid {
        let id = Uuid::now_v7();
        let event = TaskEvent::TaskCreated {
            project_id: project,
            owner,
            text: "Pick up litter by the river".to_owned(),
            deadline_date: Some(chrono::NaiveDate::from_ymd_opt(2026, 12, 5).expect("date")),
            start_time: None,
            end_time: None,
            assignees,
        };
        self.append("Task", id, &event, when).await;
        id
    }

    /// Offer, accept and submit attempt 1 with two photos; returns the assignment id.
    pub async fn accept_and_submit(
        &mut self,
        task: Uuid,
        project: Uuid,
        volunteer: Uuid,
        when: &str,
    ) -> Uuid {
        let id = assignment_id(task, volunteer);
        let (task_id, project_id) = (task, project);
        for event in [
            AssignmentEvent::TaskOffered {
                task_id,
                project_id,
                volunteer,
            },
            AssignmentEvent::TaskAccepted {
                task_id,
                project_id,
                volunteer,
            },
        ] {
            self.append("Assignment", id, &event, when).await;
        }
        self.submit(task, project, volunteer, 1, when).await;
        id
    }

    /// Submits attempt `attempt` with two photos.
    pub async fn submit(
        &mut self,
        task_id: Uuid,
        project_id: Uuid,
        volunteer: Uuid,
        attempt: u32,
        when: &str,
    ) {
        let id = assignment_id(task_id, volunteer);
        let event = AssignmentEvent::ReportSubmitted {
            task_id,
            project_id,
            volunteer,
            report_id: report_id(id, attempt),
            attempt,
            photos: vec![photo(), photo()],
            comment: Some(format!("attempt {attempt}")),
        };
        self.append("Assignment", id, &event, when).await;
    }

    /// Approves attempt `attempt` with `stars` by `moderator`.
    #[expect(
        clippy::too_many_arguments,
        reason = "a test helper spelling out one event"
    )]
    pub async fn approve(
        &mut self,
        task_id: Uuid,
        project_id: Uuid,
        volunteer: Uuid,
        attempt: u32,
        stars: Option<u8>,
        moderator: Uuid,
        when: &str,
    ) {
        let id = assignment_id(task_id, volunteer);
        let event = AssignmentEvent::ReportApproved {
            task_id,
            project_id,
            volunteer,
            report_id: report_id(id, attempt),
            attempt,
            stars,
            comment: Some("well done".to_owned()),
            moderator: Some(moderator),
        };
        self.append("Assignment", id, &event, when).await;
    }

    /// Credits `points` (applied as given) and sets the rating to `after`.
    pub async fn credit(&mut self, account: Uuid, points: u32, after: u32, when: &str) {
        let event = AccountEvent::RatingCredited {
            source: RatingSource::Report(Uuid::now_v7()),
            points_requested: points,
            points_applied: points,
            rating_after: after,
        };
        self.append("Account", account, &event, when).await;
    }

    /// Adjusts by `delta` (applied as given) to `after`.
    pub async fn adjust(&mut self, account: Uuid, delta: i32, after: u32, when: &str) {
        let event = AccountEvent::RatingAdjusted {
            delta_requested: delta,
            delta_applied: delta,
            rating_after: after,
            reason: "correction".to_owned(),
            by: None,
        };
        self.append("Account", account, &event, when).await;
    }

    /// Defines an achievement.
    pub async fn define(&mut self, id: &str, rule: AchievementRule, xp: u32, when: &str) {
        let event = AchievementCatalogueEvent::AchievementDefined {
            id: id.to_owned(),
            name: LocalisedText::new(
                &format!("{id} ru"),
                &format!("{id} kk"),
                &format!("{id} en"),
            ),
            description: LocalisedText::new("d", "d", "d"),
            icon: "star".to_owned(),
            rule,
            xp,
        };
        self.append("AchievementCatalogue", CATALOGUE_ID, &event, when)
            .await;
    }

    /// Waits until the readers see every event, then catches every projector up.
    pub async fn project_all(&self) {
        let target = last_event(&self.pool).await;
        assert!(
            eventually(|| async { head(&self.pool).await.expect("head") >= target }).await,
            "events visible within {PATIENCE:?}"
        );
        for projector in all_projectors() {
            run_to_end(&self.pool, projector.as_ref())
                .await
                .expect("projected");
        }
    }
}

/// Valid project details.
pub fn details(title: &str) -> ProjectDetails {
    ProjectDetails {
        title: title.to_owned(),
        description: format!("{title}: a clean-up by the river"),
        volunteer_type: VolunteerType::Environmental,
        city: "Almaty".to_owned(),
        address: Some("Dostyk 1".to_owned()),
        latitude: Some(43.25),
        longitude: Some(76.95),
        start_date: None,
        end_date: None,
        capacity: Some(30),
        contact_phone: None,
        contact_email: Some("team@clean.kz".to_owned()),
        contact_telegram: None,
        tags: vec!["river".to_owned(), "a, comma".to_owned()],
    }
}

/// A fresh photo reference.
pub fn photo() -> PhotoRef {
    PhotoRef {
        id: Uuid::now_v7(),
        sha256: "ab".repeat(32),
        content_type: "image/jpeg".to_owned(),
        bytes: 1234,
        width: 640,
        height: 480,
    }
}
