//! Registering an account.

use std::collections::BTreeSet;

use super::{Given, admin, registered};
use crate::account::*;
use crate::values::PersonName;

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
