//! Submitting photo reports: when it is allowed, photo counts, and resubmission.

use super::{Given, accepted, approved, offered, rejected, submit, submitted};
use crate::assignment::*;
use crate::validation::REQUIRED;

#[test]
fn submitting_a_report_before_accepting_is_refused() {
    Given::with(())
        .given(vec![offered()])
        .when(submit(1))
        .then_expect_error(AssignmentError::NotAccepted);
}

#[test]
fn an_accepted_volunteer_submits_a_first_report() {
    Given::with(())
        .given(vec![accepted()])
        .when(submit(1))
        .then_expect_events(vec![submitted(1)]);
}

#[test]
fn a_report_without_photos_is_refused() {
    Given::with(())
        .given(vec![accepted()])
        .when(submit(0))
        .then_expect_error(AssignmentError::Invalid(vec![("photos", REQUIRED)]));
}

#[test]
fn a_report_with_six_photos_is_refused() {
    Given::with(())
        .given(vec![accepted()])
        .when(submit(6))
        .then_expect_error(AssignmentError::TooManyPhotos);
}

#[test]
fn a_second_report_while_one_is_pending_is_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(submit(1))
        .then_expect_error(AssignmentError::PendingExists);
}

#[test]
fn a_report_after_an_approval_is_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1), approved(1, Some(5), None)])
        .when(submit(1))
        .then_expect_error(AssignmentError::AlreadyApproved);
}

#[test]
fn resubmitting_after_a_rejection_is_attempt_two() {
    Given::with(())
        .given(vec![accepted(), submitted(1), rejected(1)])
        .when(submit(1))
        .then_expect_events(vec![submitted(2)]);
}
