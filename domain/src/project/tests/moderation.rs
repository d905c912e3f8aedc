//! Admins approve and reject projects.

use uuid::Uuid;

use super::{Given, admin, approved, created, organizer};
use crate::project::*;
use crate::validation::REQUIRED;

#[test]
fn only_admins_approve_projects() {
    Given::with(())
        .given(vec![created(Uuid::now_v7())])
        .when(ProjectCommand::Approve { actor: organizer() })
        .then_expect_error(ProjectError::Forbidden);
}

#[test]
fn approving_an_approved_project_again_changes_nothing() {
    Given::with(())
        .given(approved())
        .when(ProjectCommand::Approve { actor: admin() })
        .then_expect_events(vec![]);
}

#[test]
fn a_rejected_project_can_be_approved_later() {
    let actor = admin();
    let by = actor.id;
    Given::with(())
        .given(vec![
            created(Uuid::now_v7()),
            ProjectEvent::ProjectRejected {
                by: None,
                reason: "no address".to_owned(),
            },
        ])
        .when(ProjectCommand::Approve { actor })
        .then_expect_events(vec![ProjectEvent::ProjectApproved { by }]);
}

#[test]
fn rejecting_needs_a_reason() {
    Given::with(())
        .given(vec![created(Uuid::now_v7())])
        .when(ProjectCommand::Reject {
            actor: admin(),
            reason: "  ".to_owned(),
        })
        .then_expect_error(ProjectError::Invalid(vec![("reason", REQUIRED)]));
}
