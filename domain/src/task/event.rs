//! Events of the `Task` aggregate. People are account ids only.

use chrono::{NaiveDate, NaiveTime};
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Everything that can happen to a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskEvent {
    /// The project owner created a task.
    TaskCreated {
        /// The project.
        project_id: Uuid,
        /// The project owner's account.
        owner: Uuid,
        /// What to do, trimmed.
        text: String,
        /// Last day (Almaty date).
        deadline_date: Option<NaiveDate>,
        /// Start time on the deadline day (Almaty).
        start_time: Option<NaiveTime>,
        /// End time on the deadline day (Almaty).
        end_time: Option<NaiveTime>,
        /// Targeted members without duplicates; none means every member.
        assignees: Option<Vec<Uuid>>,
    },
    /// The task was cancelled before its deadline.
    TaskCancelled {
        /// Who cancelled it (the owner or an admin).
        by: Option<Uuid>,
    },
    /// The deadline passed; no more accepts.
    TaskClosed {},
}

impl DomainEvent for TaskEvent {
    fn event_type(&self) -> String {
        match self {
            Self::TaskCreated { .. } => "TaskCreated",
            Self::TaskCancelled { .. } => "TaskCancelled",
            Self::TaskClosed { .. } => "TaskClosed",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1.0".to_owned()
    }
}
