//! Linking a Telegram user and the reachability of the linked chat.

use super::{Given, registered};
use crate::account::*;

fn linked(telegram_id: i64) -> AccountEvent {
    AccountEvent::TelegramLinked { telegram_id }
}

#[test]
fn a_telegram_user_is_linked_once_and_the_same_link_again_changes_nothing() {
    Given::with(())
        .given(vec![registered()])
        .when(AccountCommand::LinkTelegram { telegram_id: 42 })
        .then_expect_events(vec![linked(42)]);
    Given::with(())
        .given(vec![registered(), linked(42)])
        .when(AccountCommand::LinkTelegram { telegram_id: 42 })
        .then_expect_events(vec![]);
}

#[test]
fn another_telegram_user_is_refused_while_one_is_linked() {
    Given::with(())
        .given(vec![registered(), linked(42)])
        .when(AccountCommand::LinkTelegram { telegram_id: 43 })
        .then_expect_error(AccountError::TelegramAlreadyLinked);
}

#[test]
fn an_unreachable_chat_is_recorded_once_and_becomes_reachable_when_the_person_writes() {
    let unreachable = AccountEvent::TelegramUnreachable {
        reason: "blocked".to_owned(),
    };
    let mark = || AccountCommand::MarkTelegramUnreachable {
        reason: "blocked".to_owned(),
    };
    Given::with(())
        .given(vec![registered(), linked(42)])
        .when(mark())
        .then_expect_events(vec![unreachable.clone()]);
    Given::with(())
        .given(vec![registered(), linked(42), unreachable.clone()])
        .when(mark())
        .then_expect_events(vec![]);
    Given::with(())
        .given(vec![registered(), linked(42), unreachable])
        .when(AccountCommand::MarkTelegramReachable)
        .then_expect_events(vec![AccountEvent::TelegramReachable]);
    Given::with(())
        .given(vec![registered(), linked(42)])
        .when(AccountCommand::MarkTelegramReachable)
        .then_expect_events(vec![]);
}

#[test]
fn reachability_needs_a_linked_chat() {
    Given::with(())
        .given(vec![registered()])
        .when(AccountCommand::MarkTelegramReachable)
        .then_expect_error(AccountError::TelegramNotLinked);
}
