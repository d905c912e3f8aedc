//! The `Task` aggregate: a piece of work in a project, for every member or for listed ones.
//!
//! A deadline is an Almaty local date with an optional end time; it is turned into an instant by
//! [`deadline_instant`]. The scheduler sends `CloseIfExpired` with the current instant.

mod command;
mod eligibility;
mod error;
mod event;
#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Almaty;
use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::guard::owner_or_admin;
use crate::validation::{self, OUT_OF_RANGE, REQUIRED};

pub use command::TaskCommand;
pub use eligibility::is_eligible;
pub use error::TaskError;
pub use event::TaskEvent;

/// Longest task text, in characters.
pub const MAX_TEXT: usize = 2000;

/// Where a task stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Members can accept it.
    #[default]
    Open,
    /// Its deadline passed.
    Closed,
    /// The owner cancelled it.
    Cancelled,
}

impl TaskStatus {
    /// The stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// The instant a deadline passes: `date` at `end_time` in Asia/Almaty, or the Almaty midnight that
/// ends `date` when there is no end time. `None` only for an unrepresentable local time.
pub fn deadline_instant(date: NaiveDate, end_time: Option<NaiveTime>) -> Option<DateTime<Utc>> {
    let local = match end_time {
        Some(time) => date.and_time(time),
        None => date.succ_opt()?.and_time(NaiveTime::MIN),
    };
    Almaty
        .from_local_datetime(&local)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// State of one task, folded from its events.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Task {
    project_id: Option<Uuid>,
    owner: Option<Uuid>,
    deadline_date: Option<NaiveDate>,
    end_time: Option<NaiveTime>,
    assignees: Option<Vec<Uuid>>,
    status: TaskStatus,
}

impl Task {
    /// Current status.
    pub fn status(&self) -> TaskStatus {
        self.status
    }

    /// Whether the task exists.
    pub fn is_created(&self) -> bool {
        self.project_id.is_some()
    }

    /// Whether it exists and is open.
    pub fn is_open(&self) -> bool {
        self.is_created() && self.status == TaskStatus::Open
    }

    /// The project (none before creation).
    pub fn project_id(&self) -> Option<Uuid> {
        self.project_id
    }

    /// The project owner (none before creation).
    pub fn owner(&self) -> Option<Uuid> {
        self.owner
    }

    /// Listed assignees; none means every member.
    pub fn assignees(&self) -> Option<&[Uuid]> {
        self.assignees.as_deref()
    }

    /// Whether the task is meant for `volunteer` (membership is part of [`is_eligible`]).
    pub fn targets(&self, volunteer: Uuid) -> bool {
        self.assignees
            .as_ref()
            .is_none_or(|list| list.contains(&volunteer))
    }

    /// The deadline as an instant, if the task has one.
    pub fn deadline(&self) -> Option<DateTime<Utc>> {
        self.deadline_date
            .and_then(|date| deadline_instant(date, self.end_time))
    }

    fn decide(&self, command: TaskCommand) -> Result<Vec<TaskEvent>, TaskError> {
        match command {
            TaskCommand::Create {
                actor,
                project_id,
                project_owner,
                project_approved,
                project_deleted,
                text,
                deadline_date,
                start_time,
                end_time,
                assignees,
                today,
            } => {
                if self.is_created() {
                    return Err(TaskError::AlreadyExists);
                }
                if !owner_or_admin(&actor, project_owner) {
                    return Err(TaskError::Forbidden);
                }
                if !project_approved || project_deleted {
                    return Err(TaskError::ProjectNotOpen);
                }
                let mut errors = Vec::new();
                let text = validation::text(&mut errors, "text", &text, MAX_TEXT);
                if let (Some(start), Some(end)) = (start_time, end_time)
                    && start >= end
                {
                    errors.push(("end_time", OUT_OF_RANGE));
                }
                if deadline_date.is_none() && (start_time.is_some() || end_time.is_some()) {
                    errors.push(("deadline_date", REQUIRED));
                }
                if deadline_date.is_some_and(|date| date < today) {
                    errors.push(("deadline_date", OUT_OF_RANGE));
                }
                let assignees = assignees.map(|list| {
                    let mut unique = Vec::with_capacity(list.len());
                    for id in list {
                        if !unique.contains(&id) {
                            unique.push(id);
                        }
                    }
                    unique
                });
                if assignees.as_ref().is_some_and(Vec::is_empty) {
                    errors.push(("assignees", REQUIRED));
                }
                match text {
                    Some(text) if errors.is_empty() => Ok(vec![TaskEvent::TaskCreated {
                        project_id,
                        owner: project_owner,
                        text,
                        deadline_date,
                        start_time,
                        end_time,
                        assignees,
                    }]),
                    _ => Err(TaskError::Invalid(errors)),
                }
            }
            TaskCommand::Cancel { actor } => {
                let owner = self.owner.ok_or(TaskError::NotFound)?;
                if !owner_or_admin(&actor, owner) {
                    return Err(TaskError::Forbidden);
                }
                if self.status != TaskStatus::Open {
                    return Err(TaskError::NotOpen);
                }
                Ok(vec![TaskEvent::TaskCancelled { by: actor.id }])
            }
            TaskCommand::CloseIfExpired { now } => {
                let expired = self.deadline().is_some_and(|deadline| now >= deadline);
                if self.is_open() && expired {
                    return Ok(vec![TaskEvent::TaskClosed {}]);
                }
                Ok(vec![])
            }
        }
    }
}

impl Aggregate for Task {
    const TYPE: &'static str = "Task";
    type Command = TaskCommand;
    type Event = TaskEvent;
    type Error = TaskError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        for event in self.decide(command)? {
            sink.write(event, self).await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            TaskEvent::TaskCreated {
                project_id,
                owner,
                deadline_date,
                end_time,
                assignees,
                ..
            } => {
                self.project_id = Some(project_id);
                self.owner = Some(owner);
                self.deadline_date = deadline_date;
                self.end_time = end_time;
                self.assignees = assignees;
                self.status = TaskStatus::Open;
            }
            TaskEvent::TaskCancelled { .. } => self.status = TaskStatus::Cancelled,
            TaskEvent::TaskClosed {} => self.status = TaskStatus::Closed,
        }
    }
}
