//! Cancelling a task.

use super::{Given, at, created, owner};
use crate::Actor;
use crate::task::*;

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
