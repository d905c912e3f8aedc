//! Who may decide a report: the project owner or an admin, never its author.

use uuid::Uuid;

use super::{Given, OWNER, VOLUNTEER, accepted, approved, report, submitted};
use crate::assignment::*;
use crate::{Actor, Role};

#[test]
fn a_non_owner_cannot_approve() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(AssignmentCommand::Approve {
            actor: Actor::account(Uuid::now_v7(), [Role::Volunteer, Role::Organizer]),
            project_owner: OWNER,
            report_id: report(1),
            stars: Some(5),
            comment: None,
        })
        .then_expect_error(AssignmentError::Forbidden);
}

#[test]
fn an_admin_may_approve() {
    let admin = Actor::account(OWNER, [Role::Admin]);
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(AssignmentCommand::Approve {
            actor: admin,
            project_owner: Uuid::now_v7(),
            report_id: report(1),
            stars: Some(5),
            comment: None,
        })
        .then_expect_events(vec![approved(1, Some(5), None)]);
}

#[test]
fn a_volunteer_cannot_approve_their_own_report() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(AssignmentCommand::Approve {
            actor: Actor::account(VOLUNTEER, [Role::Organizer, Role::Admin]),
            project_owner: VOLUNTEER,
            report_id: report(1),
            stars: Some(5),
            comment: None,
        })
        .then_expect_error(AssignmentError::Forbidden);
}
