//! Updating, deleting and restoring a project.

use uuid::Uuid;

use super::{Given, created, details, organizer};
use crate::project::*;
use crate::validation::OUT_OF_RANGE;

#[test]
fn updating_a_rejected_project_puts_it_back_to_pending() {
    let owner = organizer();
    let mut project = Project::default();
    for event in [
        created(owner.id.expect("account")),
        ProjectEvent::ProjectRejected {
            by: None,
            reason: "x".to_owned(),
        },
        ProjectEvent::ProjectUpdated { details: details() },
    ] {
        project.apply(event);
    }
    assert_eq!(project.status(), ProjectStatus::Pending);
}

#[test]
fn only_the_owner_or_an_admin_updates_a_project() {
    let mut changed = details();
    changed.title = "New".to_owned();
    Given::with(())
        .given(vec![created(Uuid::now_v7())])
        .when(ProjectCommand::Update {
            actor: organizer(),
            details: changed,
        })
        .then_expect_error(ProjectError::Forbidden);
}

#[test]
fn deleting_twice_is_a_no_op() {
    let owner = organizer();
    Given::with(())
        .given(vec![
            created(owner.id.expect("account")),
            ProjectEvent::ProjectDeleted { by: owner.id },
        ])
        .when(ProjectCommand::Delete { actor: owner })
        .then_expect_events(vec![]);
}

#[test]
fn the_owner_restores_a_deleted_project() {
    let owner = organizer();
    let by = owner.id;
    Given::with(())
        .given(vec![
            created(owner.id.expect("account")),
            ProjectEvent::ProjectDeleted { by },
        ])
        .when(ProjectCommand::Restore { actor: owner })
        .then_expect_events(vec![ProjectEvent::ProjectRestored { by }]);
}

#[test]
fn lowering_capacity_below_the_members_is_refused() {
    let owner = organizer();
    let mut events = vec![
        created(owner.id.expect("account")),
        ProjectEvent::ProjectApproved { by: None },
    ];
    events.push(ProjectEvent::VolunteerJoined {
        volunteer: Uuid::now_v7(),
    });
    events.push(ProjectEvent::VolunteerJoined {
        volunteer: Uuid::now_v7(),
    });
    let mut smaller = details();
    smaller.capacity = Some(1);
    Given::with(())
        .given(events)
        .when(ProjectCommand::Update {
            actor: owner,
            details: smaller,
        })
        .then_expect_error(ProjectError::Invalid(vec![("capacity", OUT_OF_RANGE)]));
}
