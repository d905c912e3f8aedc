//! Deadlines in Almaty time and when a task counts as closed.

use super::{Given, at, created, date, time};
use crate::task::*;

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
