use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::validation::{OUT_OF_RANGE, REQUIRED};
use crate::{Actor, Role};

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

#[test]
fn the_project_owner_creates_a_task_for_every_member() {
    let actor = owner();
    let owner_id = actor.id.expect("account");
    Given::with(())
        .given_no_previous_events()
        .when(create(&actor, owner_id))
        .then_expect_events(vec![TaskEvent::TaskCreated {
            project_id: Uuid::nil(),
            owner: owner_id,
            text: "Собрать мусор".to_owned(),
            deadline_date: Some(date(2026, 5, 1)),
            start_time: Some(time(10, 0)),
            end_time: Some(time(18, 0)),
            assignees: None,
        }]);
}

#[test]
fn someone_other_than_the_project_owner_cannot_create_a_task() {
    Given::with(())
        .given_no_previous_events()
        .when(create(&owner(), Uuid::now_v7()))
        .then_expect_error(TaskError::Forbidden);
}

#[test]
fn a_task_in_a_pending_or_deleted_project_is_refused() {
    let actor = owner();
    let id = actor.id.expect("account");
    for (approved, deleted) in [(false, false), (true, true)] {
        Given::with(())
            .given_no_previous_events()
            .when(with_fields(create(&actor, id), |c| {
                if let TaskCommand::Create {
                    project_approved,
                    project_deleted,
                    ..
                } = c
                {
                    *project_approved = approved;
                    *project_deleted = deleted;
                }
            }))
            .then_expect_error(TaskError::ProjectNotOpen);
    }
}

#[test]
fn a_deadline_in_the_past_or_times_out_of_order_are_invalid() {
    let actor = owner();
    let id = actor.id.expect("account");
    Given::with(())
        .given_no_previous_events()
        .when(with_fields(create(&actor, id), |c| {
            if let TaskCommand::Create {
                today, start_time, ..
            } = c
            {
                *today = date(2026, 5, 2);
                *start_time = Some(time(19, 0));
            }
        }))
        .then_expect_error(TaskError::Invalid(vec![
            ("end_time", OUT_OF_RANGE),
            ("deadline_date", OUT_OF_RANGE),
        ]));
}

#[test]
fn an_empty_text_is_invalid() {
    let actor = owner();
    let id = actor.id.expect("account");
    Given::with(())
        .given_no_previous_events()
        .when(with_fields(create(&actor, id), |c| {
            if let TaskCommand::Create { text, .. } = c {
                *text = "  ".to_owned();
            }
        }))
        .then_expect_error(TaskError::Invalid(vec![("text", REQUIRED)]));
}

#[test]
fn a_deadline_at_18_00_in_almaty_is_13_00_utc() {
    assert_eq!(
        deadline_instant(date(2026, 5, 1), Some(time(18, 0))),
        Some(at("2026-05-01T13:00:00Z"))
    );
    assert_eq!(
        deadline_instant(date(2026, 5, 1), None),
        Some(at("2026-05-01T19:00:00Z"))
    );
}

#[test]
fn a_task_is_not_closed_one_minute_before_its_deadline() {
    Given::with(())
        .given(vec![created(Some(time(18, 0)))])
        .when(TaskCommand::CloseIfExpired {
            now: at("2026-05-01T12:59:00Z"),
        })
        .then_expect_events(vec![]);
}

#[test]
fn a_task_is_closed_one_minute_after_its_deadline() {
    Given::with(())
        .given(vec![created(Some(time(18, 0)))])
        .when(TaskCommand::CloseIfExpired {
            now: at("2026-05-01T13:01:00Z"),
        })
        .then_expect_events(vec![TaskEvent::TaskClosed {}]);
}

#[test]
fn without_an_end_time_a_task_stays_open_until_almaty_midnight() {
    Given::with(())
        .given(vec![created(None)])
        .when(TaskCommand::CloseIfExpired {
            now: at("2026-05-01T18:59:59Z"),
        })
        .then_expect_events(vec![]);
}

#[test]
fn without_an_end_time_a_task_closes_at_almaty_midnight() {
    Given::with(())
        .given(vec![created(None)])
        .when(TaskCommand::CloseIfExpired {
            now: at("2026-05-01T19:00:00Z"),
        })
        .then_expect_events(vec![TaskEvent::TaskClosed {}]);
}

#[test]
fn a_cancelled_task_is_never_closed() {
    Given::with(())
        .given(vec![created(None), TaskEvent::TaskCancelled { by: None }])
        .when(TaskCommand::CloseIfExpired {
            now: at("2026-06-01T00:00:00Z"),
        })
        .then_expect_events(vec![]);
}

#[test]
fn cancelling_a_closed_task_is_refused() {
    Given::with(())
        .given(vec![created(None), TaskEvent::TaskClosed {}])
        .when(TaskCommand::Cancel {
            actor: Actor::system(),
        })
        .then_expect_error(TaskError::NotOpen);
}

#[test]
fn only_the_owner_or_an_admin_cancels_a_task() {
    Given::with(())
        .given(vec![created(None)])
        .when(TaskCommand::Cancel { actor: owner() })
        .then_expect_error(TaskError::Forbidden);
}

#[test]
fn a_task_with_listed_assignees_targets_only_them() {
    let listed = Uuid::now_v7();
    let mut task = Task::default();
    task.apply(TaskEvent::TaskCreated {
        project_id: Uuid::nil(),
        owner: Uuid::nil(),
        text: "x".to_owned(),
        deadline_date: None,
        start_time: None,
        end_time: None,
        assignees: Some(vec![listed]),
    });
    assert!(task.targets(listed));
    assert!(!task.targets(Uuid::now_v7()));
}
