//! Offering, accepting and declining an assignment.

use super::{Given, PROJECT, TASK, VOLUNTEER, accept, accepted, me, offered, owner, submitted};
use crate::assignment::*;

#[test]
fn offering_twice_changes_nothing() {
    Given::with(())
        .given(vec![offered()])
        .when(AssignmentCommand::Offer {
            task_id: TASK,
            project_id: PROJECT,
            volunteer: VOLUNTEER,
        })
        .then_expect_events(vec![]);
}

#[test]
fn an_offered_volunteer_accepts() {
    Given::with(())
        .given(vec![offered()])
        .when(accept())
        .then_expect_events(vec![accepted()]);
}

#[test]
fn someone_else_cannot_accept_for_the_volunteer() {
    Given::with(())
        .given(vec![offered()])
        .when(AssignmentCommand::Accept {
            actor: owner(),
            task_id: TASK,
            project_id: PROJECT,
            task_open: true,
            eligible: true,
        })
        .then_expect_error(AssignmentError::Forbidden);
}

#[test]
fn a_volunteer_the_task_does_not_target_cannot_accept() {
    Given::with(())
        .given_no_previous_events()
        .when(AssignmentCommand::Accept {
            actor: me(),
            task_id: TASK,
            project_id: PROJECT,
            task_open: true,
            eligible: false,
        })
        .then_expect_error(AssignmentError::Forbidden);
}

#[test]
fn accepting_a_closed_task_is_refused() {
    Given::with(())
        .given(vec![offered()])
        .when(AssignmentCommand::Accept {
            actor: me(),
            task_id: TASK,
            project_id: PROJECT,
            task_open: false,
            eligible: true,
        })
        .then_expect_error(AssignmentError::TaskNotOpen);
}

#[test]
fn accepting_twice_changes_nothing() {
    Given::with(())
        .given(vec![offered(), accepted()])
        .when(accept())
        .then_expect_events(vec![]);
}

#[test]
fn a_declined_task_can_be_accepted_after_all() {
    Given::with(())
        .given(vec![
            offered(),
            AssignmentEvent::TaskDeclined {
                task_id: TASK,
                project_id: PROJECT,
                volunteer: VOLUNTEER,
            },
        ])
        .when(accept())
        .then_expect_events(vec![accepted()]);
}

#[test]
fn declining_after_a_report_is_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(AssignmentCommand::Decline {
            actor: me(),
            task_id: TASK,
            project_id: PROJECT,
            task_open: true,
            eligible: true,
        })
        .then_expect_error(AssignmentError::ReportSubmitted);
}
