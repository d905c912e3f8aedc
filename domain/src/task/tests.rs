use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::{Actor, Role};

mod cancellation;
mod creation;
mod deadlines;

type Given = TestFramework<Task>;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .expect("valid instant")
        .with_timezone(&Utc)
}

fn owner() -> Actor {
    Actor::account(Uuid::now_v7(), [Role::Volunteer, Role::Organizer])
}

fn create(actor: &Actor, project_owner: Uuid) -> TaskCommand {
    TaskCommand::Create {
        actor: actor.clone(),
        project_id: Uuid::nil(),
        project_owner,
        project_approved: true,
        project_deleted: false,
        text: " Собрать мусор ".to_owned(),
        deadline_date: Some(date(2026, 5, 1)),
        start_time: Some(time(10, 0)),
        end_time: Some(time(18, 0)),
        assignees: None,
        today: date(2026, 4, 20),
    }
}

fn created(end_time: Option<NaiveTime>) -> TaskEvent {
    TaskEvent::TaskCreated {
        project_id: Uuid::nil(),
        owner: Uuid::nil(),
        text: "Собрать мусор".to_owned(),
        deadline_date: Some(date(2026, 5, 1)),
        start_time: None,
        end_time,
        assignees: None,
    }
}

fn with_fields(command: TaskCommand, edit: impl FnOnce(&mut TaskCommand)) -> TaskCommand {
    let mut command = command;
    edit(&mut command);
    command
}
