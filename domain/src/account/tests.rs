use std::collections::BTreeSet;

use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::Actor;

mod organizers;
mod rating;
mod registration;
mod telegram;

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
