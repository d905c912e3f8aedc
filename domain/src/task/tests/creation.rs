//! Creating a task: the project owner, the project's state, and validated fields.

use uuid::Uuid;

use super::{Given, create, date, owner, time, with_fields};
use crate::task::*;
use crate::validation::{OUT_OF_RANGE, REQUIRED};

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
