use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::validation::{OUT_OF_RANGE, REQUIRED};

type Given = TestFramework<Project>;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn details() -> ProjectDetails {
    ProjectDetails {
        title: "Субботник на Сайране".to_owned(),
        description: "Убираем берег озера".to_owned(),
        volunteer_type: VolunteerType::Environmental,
        city: "Алматы".to_owned(),
        address: None,
        latitude: Some(43.24),
        longitude: Some(76.87),
        start_date: Some(date(2026, 5, 1)),
        end_date: Some(date(2026, 5, 10)),
        capacity: Some(2),
        contact_phone: None,
        contact_email: None,
        contact_telegram: None,
        tags: vec!["eco".to_owned()],
    }
}

fn organizer() -> Actor {
    Actor::account(Uuid::now_v7(), [Role::Volunteer, Role::Organizer])
}

fn admin() -> Actor {
    Actor::account(Uuid::now_v7(), [Role::Volunteer, Role::Admin])
}

fn volunteer() -> Actor {
    Actor::account(Uuid::now_v7(), [Role::Volunteer])
}

fn created(owner: Uuid) -> ProjectEvent {
    ProjectEvent::ProjectCreated {
        owner,
        details: details(),
    }
}

fn approved() -> Vec<ProjectEvent> {
    vec![
        created(Uuid::now_v7()),
        ProjectEvent::ProjectApproved { by: None },
    ]
}

fn join(actor: Actor, today: NaiveDate) -> ProjectCommand {
    ProjectCommand::Join { actor, today }
}

#[test]
fn an_approved_organizer_creates_a_pending_project() {
    let actor = organizer();
    let owner = actor.id.expect("account");
    let mut untrimmed = details();
    untrimmed.title = "  Субботник на Сайране ".to_owned();
    Given::with(())
        .given_no_previous_events()
        .when(ProjectCommand::Create {
            actor,
            details: untrimmed,
        })
        .then_expect_events(vec![created(owner)]);
}

#[test]
fn creating_a_project_without_the_organizer_role_is_refused() {
    Given::with(())
        .given_no_previous_events()
        .when(ProjectCommand::Create {
            actor: volunteer(),
            details: details(),
        })
        .then_expect_error(ProjectError::NotApprovedOrganizer);
}

#[test]
fn invalid_details_report_every_failed_field() {
    let mut bad = details();
    bad.title = " ".to_owned();
    bad.latitude = Some(91.0);
    bad.end_date = Some(date(2026, 4, 1));
    bad.capacity = Some(0);
    Given::with(())
        .given_no_previous_events()
        .when(ProjectCommand::Create {
            actor: organizer(),
            details: bad,
        })
        .then_expect_error(ProjectError::Invalid(vec![
            ("title", REQUIRED),
            ("latitude", OUT_OF_RANGE),
            ("end_date", OUT_OF_RANGE),
            ("capacity", OUT_OF_RANGE),
        ]));
}

#[test]
fn too_many_or_too_long_tags_are_invalid() {
    let mut bad = details();
    bad.tags = (0..21).map(|i| format!("t{i}")).collect();
    bad.tags.push("x".repeat(51));
    assert_eq!(
        bad.validate(),
        Err(vec![("tags", "too_long")]),
        "both failures share one field and code"
    );
}

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
