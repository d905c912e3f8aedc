//! Telegram vouching for a phone, and the verified owner taking an unverified one.

use std::collections::BTreeSet;

use super::Given;
use crate::account::*;

fn phone() -> PhoneNumber {
    PhoneNumber::parse("8 701 123 45 67").expect("a phone")
}

fn registered_with_phone() -> AccountEvent {
    AccountEvent::AccountRegistered {
        name: "Айгерим".to_owned(),
        email: None,
        phone: Some(phone()),
        language: Language::Ru,
        roles: BTreeSet::from([Role::Volunteer]),
        source: RegistrationSource::App,
    }
}

#[test]
fn verifying_the_accounts_phone_records_it_once() {
    Given::with(())
        .given(vec![registered_with_phone()])
        .when(AccountCommand::VerifyPhone { phone: phone() })
        .then_expect_events(vec![AccountEvent::PhoneVerified { phone: phone() }]);
    Given::with(())
        .given(vec![
            registered_with_phone(),
            AccountEvent::PhoneVerified { phone: phone() },
        ])
        .when(AccountCommand::VerifyPhone { phone: phone() })
        .then_expect_events(vec![]);
}

#[test]
fn verifying_another_number_is_refused() {
    let other = PhoneNumber::parse("+77017654321").expect("a phone");
    Given::with(())
        .given(vec![registered_with_phone()])
        .when(AccountCommand::VerifyPhone { phone: other })
        .then_expect_error(AccountError::PhoneMismatch);
}

#[test]
fn an_unverified_phone_can_be_reclaimed_and_a_verified_one_cannot() {
    Given::with(())
        .given(vec![registered_with_phone()])
        .when(AccountCommand::ReclaimPhone)
        .then_expect_events(vec![AccountEvent::PhoneReclaimed { phone: phone() }]);
    Given::with(())
        .given(vec![
            registered_with_phone(),
            AccountEvent::PhoneVerified { phone: phone() },
        ])
        .when(AccountCommand::ReclaimPhone)
        .then_expect_error(AccountError::PhoneVerified);
}

#[test]
fn a_changed_phone_is_no_longer_verified() {
    let mut account = Account::default();
    cqrs_es::Aggregate::apply(&mut account, registered_with_phone());
    cqrs_es::Aggregate::apply(&mut account, AccountEvent::PhoneVerified { phone: phone() });
    assert!(account.phone_verified());
    cqrs_es::Aggregate::apply(
        &mut account,
        AccountEvent::ProfileUpdated {
            name: None,
            email: None,
            phone: PhoneNumber::parse("+77017654321").ok(),
            language: None,
        },
    );
    assert!(!account.phone_verified());
}
