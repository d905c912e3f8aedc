//! A decision names the report it decides: only the pending attempt can be decided, so a button
//! on an old message (attempt 1's id) never approves or rejects attempt 2.

use uuid::Uuid;

use super::{
    Given, OWNER, accepted, approve_attempt, approved, owner, reject_attempt, rejected, submitted,
};
use crate::assignment::*;

/// Attempt 1 rejected, attempt 2 pending.
fn resubmitted() -> Vec<AssignmentEvent> {
    vec![accepted(), submitted(1), rejected(1), submitted(2)]
}

#[test]
fn approving_attempt_one_while_attempt_two_is_pending_is_refused() {
    Given::with(())
        .given(resubmitted())
        .when(approve_attempt(1, Some(5), None))
        .then_expect_error(AssignmentError::AlreadyModerated);
}

#[test]
fn rejecting_attempt_one_while_attempt_two_is_pending_is_refused() {
    Given::with(())
        .given(resubmitted())
        .when(reject_attempt(1))
        .then_expect_error(AssignmentError::AlreadyModerated);
}

#[test]
fn the_pending_attempt_two_is_approved_by_its_own_id() {
    Given::with(())
        .given(resubmitted())
        .when(approve_attempt(2, Some(5), None))
        .then_expect_events(vec![approved(2, Some(5), None)]);
}

#[test]
fn the_pending_attempt_two_is_rejected_by_its_own_id() {
    Given::with(())
        .given(resubmitted())
        .when(reject_attempt(2))
        .then_expect_events(vec![rejected(2)]);
}

#[test]
fn approving_attempt_one_after_attempt_two_was_approved_is_refused_as_moderated() {
    let mut past = resubmitted();
    past.push(approved(2, Some(4), None));
    Given::with(())
        .given(past)
        .when(approve_attempt(1, Some(5), None))
        .then_expect_error(AssignmentError::AlreadyModerated);
}

#[test]
fn an_attempt_that_was_never_sent_is_not_found() {
    Given::with(())
        .given(resubmitted())
        .when(approve_attempt(3, Some(5), None))
        .then_expect_error(AssignmentError::NotFound);
}

#[test]
fn a_report_of_another_assignment_is_not_found() {
    Given::with(())
        .given(resubmitted())
        .when(AssignmentCommand::Reject {
            actor: owner(),
            project_owner: OWNER,
            report_id: Uuid::now_v7(),
            reason: "blurry".to_owned(),
        })
        .then_expect_error(AssignmentError::NotFound);
}
