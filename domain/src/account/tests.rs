use std::collections::BTreeSet;

use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::Actor;
use crate::values::PersonName;

type Given = TestFramework<Account>;

fn registered() -> AccountEvent {
    AccountEvent::AccountRegistered {
        name: "Айгерим".to_owned(),
        email: Email::parse("a@x.kz").ok(),
        phone: None,
        language: Language::Ru,
        roles: BTreeSet::from([Role::Volunteer]),
        source: RegistrationSource::App,
    }
}

fn admin() -> Actor {
    Actor::account(Uuid::now_v7(), [Role::Volunteer, Role::Admin])
}

fn volunteer() -> Actor {
    Actor::account(Uuid::now_v7(), [Role::Volunteer])
}

fn application() -> OrganizerApplication {
    OrganizerApplication {
        organization_name: "Таза Алматы".to_owned(),
        description: "clean-ups".to_owned(),
        city: "Almaty".to_owned(),
        website: None,
        contact_person: None,
    }
}

fn credit(source: RatingSource, points: u32) -> AccountCommand {
    AccountCommand::CreditRating { source, points }
}

#[test]
fn registering_always_includes_the_volunteer_role() {
    let name = PersonName::parse("Айгерим").expect("valid name");
    Given::with(())
        .given_no_previous_events()
        .when(AccountCommand::Register {
            name,
            email: Email::parse("a@x.kz").ok(),
            phone: None,
            language: Language::Ru,
            roles: BTreeSet::new(),
            source: RegistrationSource::App,
        })
        .then_expect_events(vec![registered()]);
}

#[test]
fn registering_twice_is_refused() {
    let name = PersonName::parse("B").expect("valid name");
    Given::with(())
        .given(vec![registered()])
        .when(AccountCommand::Register {
            name,
            email: None,
            phone: None,
            language: Language::En,
            roles: BTreeSet::new(),
            source: RegistrationSource::Bot,
        })
        .then_expect_error(AccountError::AlreadyRegistered);
}

#[test]
fn commands_on_a_missing_account_are_refused() {
    Given::with(())
        .given_no_previous_events()
        .when(AccountCommand::ApproveOrganizer { actor: admin() })
        .then_expect_error(AccountError::NotFound);
}

#[test]
fn only_admins_approve_organizers() {
    Given::with(())
        .given(vec![
            registered(),
            AccountEvent::OrganizerApplicationSubmitted {
                application: application(),
            },
        ])
        .when(AccountCommand::ApproveOrganizer { actor: volunteer() })
        .then_expect_error(AccountError::Forbidden);
}

#[test]
fn a_rejected_applicant_may_apply_again() {
    Given::with(())
        .given(vec![
            registered(),
            AccountEvent::OrganizerApplicationSubmitted {
                application: application(),
            },
            AccountEvent::OrganizerRejected {
                by: None,
                reason: "no website".to_owned(),
            },
        ])
        .when(AccountCommand::SubmitOrganizerApplication {
            actor: volunteer(),
            application: application(),
        })
        .then_expect_events(vec![AccountEvent::OrganizerApplicationSubmitted {
            application: application(),
        }]);
}

#[test]
fn a_pending_application_cannot_be_submitted_twice() {
    Given::with(())
        .given(vec![
            registered(),
            AccountEvent::OrganizerApplicationSubmitted {
                application: application(),
            },
        ])
        .when(AccountCommand::SubmitOrganizerApplication {
            actor: volunteer(),
            application: application(),
        })
        .then_expect_error(AccountError::ApplicationPending);
}

#[test]
fn approving_without_a_pending_application_is_refused() {
    Given::with(())
        .given(vec![registered()])
        .when(AccountCommand::ApproveOrganizer { actor: admin() })
        .then_expect_error(AccountError::NoPendingApplication);
}

#[test]
fn a_source_already_credited_is_ignored() {
    let source = RatingSource::Report(Uuid::now_v7());
    Given::with(())
        .given(vec![
            registered(),
            AccountEvent::RatingCredited {
                source,
                points_requested: 5,
                points_applied: 5,
                rating_after: 5,
            },
        ])
        .when(credit(source, 5))
        .then_expect_events(vec![]);
}

#[test]
fn the_credit_that_crosses_the_maximum_records_the_clamp() {
    let old = RatingSource::Report(Uuid::now_v7());
    let new = RatingSource::Report(Uuid::now_v7());
    Given::with(())
        .given(vec![
            registered(),
            AccountEvent::RatingCredited {
                source: old,
                points_requested: 5,
                points_applied: 5,
                rating_after: 748,
            },
        ])
        .when(credit(new, 5))
        .then_expect_events(vec![AccountEvent::RatingCredited {
            source: new,
            points_requested: 5,
            points_applied: 2,
            rating_after: MAX_RATING,
        }]);
}

#[test]
fn adjustments_never_go_below_zero_and_need_a_reason() {
    Given::with(())
        .given(vec![registered()])
        .when(AccountCommand::AdjustRating {
            actor: admin(),
            delta: 0,
            reason: "x".to_owned(),
        })
        .then_expect_error(AccountError::InvalidRatingChange);
    let actor = admin();
    let by = actor.id;
    Given::with(())
        .given(vec![registered()])
        .when(AccountCommand::AdjustRating {
            actor,
            delta: -10,
            reason: "typo".to_owned(),
        })
        .then_expect_events(vec![AccountEvent::RatingAdjusted {
            delta_requested: -10,
            delta_applied: 0,
            rating_after: 0,
            reason: "typo".to_owned(),
            by,
        }]);
}

#[test]
fn levels_follow_hundreds_of_points_up_to_eight() {
    assert_eq!(level_for(0), 1);
    assert_eq!(level_for(99), 1);
    assert_eq!(level_for(100), 2);
    assert_eq!(level_for(750), 8);
}
