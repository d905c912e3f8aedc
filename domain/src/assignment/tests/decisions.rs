//! Approving and rejecting a report: stars, comments, reasons and decided reports.

use super::{
    Given, OWNER, accepted, approve, approved, owner, reject, rejected, report, submitted,
};
use crate::assignment::*;
use crate::validation::{OUT_OF_RANGE, REQUIRED};

#[test]
fn the_owner_approves_with_five_stars() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(approve(Some(5), None))
        .then_expect_events(vec![approved(1, Some(5), None)]);
}

#[test]
fn approving_without_stars_needs_no_comment() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(approve(None, None))
        .then_expect_events(vec![approved(1, None, None)]);
}

#[test]
fn three_stars_without_a_comment_are_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(approve(Some(3), Some("  ")))
        .then_expect_error(AssignmentError::CommentRequired);
}

#[test]
fn three_stars_with_a_comment_are_approved() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(approve(Some(3), Some("мало фото")))
        .then_expect_events(vec![approved(1, Some(3), Some("мало фото"))]);
}

#[test]
fn six_stars_are_invalid() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(approve(Some(6), None))
        .then_expect_error(AssignmentError::Invalid(vec![("stars", OUT_OF_RANGE)]));
}

#[test]
fn approving_an_already_approved_report_is_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1), approved(1, Some(5), None)])
        .when(approve(Some(5), None))
        .then_expect_error(AssignmentError::AlreadyApproved);
}

#[test]
fn rejecting_an_approved_report_is_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1), approved(1, Some(4), None)])
        .when(reject())
        .then_expect_error(AssignmentError::AlreadyModerated);
}

#[test]
fn approving_a_rejected_report_is_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1), rejected(1)])
        .when(approve(Some(5), None))
        .then_expect_error(AssignmentError::AlreadyModerated);
}

#[test]
fn the_owner_rejects_a_pending_report() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(reject())
        .then_expect_events(vec![rejected(1)]);
}

#[test]
fn rejecting_needs_a_reason() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(AssignmentCommand::Reject {
            actor: owner(),
            project_owner: OWNER,
            report_id: report(1),
            reason: " ".to_owned(),
        })
        .then_expect_error(AssignmentError::Invalid(vec![("reason", REQUIRED)]));
}

#[test]
fn approving_without_a_report_is_not_found() {
    Given::with(())
        .given(vec![accepted()])
        .when(approve(Some(5), None))
        .then_expect_error(AssignmentError::NotFound);
}
