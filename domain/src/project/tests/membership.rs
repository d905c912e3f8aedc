//! Joining and leaving a project: approval, deletion, dates, capacity and repeats.

use uuid::Uuid;

use super::{Given, approved, created, date, join, volunteer};
use crate::project::*;

#[test]
fn a_volunteer_joins_an_approved_project() {
    let actor = volunteer();
    let volunteer = actor.id.expect("account");
    Given::with(())
        .given(approved())
        .when(join(actor, date(2026, 5, 2)))
        .then_expect_events(vec![ProjectEvent::VolunteerJoined { volunteer }]);
}

#[test]
fn joining_a_project_that_is_not_approved_is_refused() {
    Given::with(())
        .given(vec![created(Uuid::now_v7())])
        .when(join(volunteer(), date(2026, 5, 2)))
        .then_expect_error(ProjectError::NotOpen);
}

#[test]
fn joining_a_deleted_project_is_refused() {
    let mut events = approved();
    events.push(ProjectEvent::ProjectDeleted { by: None });
    Given::with(())
        .given(events)
        .when(join(volunteer(), date(2026, 5, 2)))
        .then_expect_error(ProjectError::NotOpen);
}

#[test]
fn joining_the_day_after_the_last_almaty_day_is_refused() {
    Given::with(())
        .given(approved())
        .when(join(volunteer(), date(2026, 5, 11)))
        .then_expect_error(ProjectError::NotOpen);
}

#[test]
fn joining_on_the_last_day_is_allowed() {
    let actor = volunteer();
    let volunteer = actor.id.expect("account");
    Given::with(())
        .given(approved())
        .when(join(actor, date(2026, 5, 10)))
        .then_expect_events(vec![ProjectEvent::VolunteerJoined { volunteer }]);
}

#[test]
fn joining_a_full_project_is_refused() {
    let mut events = approved();
    events.push(ProjectEvent::VolunteerJoined {
        volunteer: Uuid::now_v7(),
    });
    events.push(ProjectEvent::VolunteerJoined {
        volunteer: Uuid::now_v7(),
    });
    Given::with(())
        .given(events)
        .when(join(volunteer(), date(2026, 5, 2)))
        .then_expect_error(ProjectError::Full);
}

#[test]
fn joining_twice_is_refused() {
    let actor = volunteer();
    let mut events = approved();
    events.push(ProjectEvent::VolunteerJoined {
        volunteer: actor.id.expect("account"),
    });
    Given::with(())
        .given(events)
        .when(join(actor, date(2026, 5, 2)))
        .then_expect_error(ProjectError::AlreadyMember);
}

#[test]
fn a_volunteer_who_left_may_join_again() {
    let actor = volunteer();
    let volunteer = actor.id.expect("account");
    let mut events = approved();
    events.push(ProjectEvent::VolunteerJoined { volunteer });
    events.push(ProjectEvent::VolunteerLeft { volunteer });
    Given::with(())
        .given(events)
        .when(join(actor, date(2026, 5, 2)))
        .then_expect_events(vec![ProjectEvent::VolunteerJoined { volunteer }]);
}

#[test]
fn leaving_a_project_one_is_not_in_is_refused() {
    Given::with(())
        .given(approved())
        .when(ProjectCommand::Leave { actor: volunteer() })
        .then_expect_error(ProjectError::NotMember);
}
