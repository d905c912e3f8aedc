//! Creating a project: the organizer role and validated details.

use super::{Given, created, date, details, organizer, volunteer};
use crate::project::*;
use crate::validation::{OUT_OF_RANGE, REQUIRED};

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
