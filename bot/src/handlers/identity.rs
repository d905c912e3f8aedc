//! Identity: `/start` with the "share my phone" button, the shared contact (only one's own),
//! `/link CODE`, taking a number an unconfirmed app account lists, `/language`, and marking an
//! unreachable chat reachable again when its person writes. The rules are decision 0022.

use birqadam_commands::accounts::{TelegramContact, TelegramSignIn};
use birqadam_domain::values::{Language, PersonName, PhoneNumber};
use birqadam_telegram::deeplink::{self, StartPayload};
use birqadam_texts::bot_text_with;
use teloxide::types::{
    ButtonRequest, Contact, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton,
    KeyboardMarkup, KeyboardRemove, ReplyMarkup,
};

use super::{Handled, projects};
use crate::state::State;
use crate::turn::{Turn, user_text};
use birqadam_telegram::callback::Callback;

/// The languages offered by `/language`, in button order.
const LANGUAGES: [(Language, &str); 3] = [
    (Language::Ru, "Русский"),
    (Language::Kk, "Қазақша"),
    (Language::En, "English"),
];

/// A linked person whose chat was marked unreachable writes again: reachable.
pub async fn touch(turn: &Turn) -> Handled {
    if let Some(account) = &turn.account
        && !account.telegram_reachable
    {
        turn.services
            .commands
            .mark_telegram_reachable(&turn.context(account), account.id)
            .await?;
    }
    Ok(())
}

/// `/start [payload]`: a deep link opens its project (for anyone: the catalogue is public); then
/// the greeting for a linked person, else the welcome with the contact button.
pub async fn start(turn: &Turn, payload: &str) -> Handled {
    let opened = deeplink::parse(payload.trim());
    if let Some(StartPayload::Project(project)) = opened {
        projects::card(turn, project).await?;
    }
    if turn.account.is_some() {
        if opened.is_some() {
            return Ok(());
        }
        let name = turn
            .account
            .as_ref()
            .map(|a| a.name.as_str())
            .unwrap_or_default();
        let hello = bot_text_with("start.hello", turn.lang, &[("name", &user_text(name, 100))]);
        turn.say(&hello).await?;
        return Ok(());
    }
    let button = KeyboardButton::new(turn.t("start.share_phone")).request(ButtonRequest::Contact);
    let keyboard = KeyboardMarkup::new(vec![vec![button]])
        .one_time_keyboard()
        .resize_keyboard();
    turn.send(
        turn.t("start.welcome"),
        Some(ReplyMarkup::Keyboard(keyboard)),
    )
    .await?;
    Ok(())
}

/// A shared contact card: accepted only when it is the sender's own (Telegram vouches for the
/// number); anyone else's card is refused and nothing is appended.
pub async fn contact(turn: &Turn, contact: &Contact) -> Handled {
    if contact.user_id != Some(turn.user.id) {
        turn.say(turn.t("contact.not_yours")).await?;
        return Ok(());
    }
    let Some(card) = telegram_contact(turn, contact) else {
        turn.say(turn.t("contact.bad_phone")).await?;
        return Ok(());
    };
    let outcome = turn
        .services
        .commands
        .sign_in_with_contact(&turn.anonymous_context(), turn.telegram_id(), card.clone())
        .await;
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(e) => return turn.refuse(e).await,
    };
    let remove = Some(ReplyMarkup::KeyboardRemove(KeyboardRemove::new()));
    match outcome {
        TelegramSignIn::Registered { .. } => {
            let text = bot_text_with(
                "contact.registered",
                turn.lang,
                &[("phone", card.phone.as_str())],
            );
            turn.send(&text, remove).await?;
        }
        TelegramSignIn::Linked { name, .. } | TelegramSignIn::AlreadyLinked { name, .. } => {
            let text = bot_text_with(
                "contact.linked",
                turn.lang,
                &[("name", &user_text(&name, 100))],
            );
            turn.send(&text, remove).await?;
        }
        TelegramSignIn::NumberLinkedElsewhere => {
            turn.send(turn.t("contact.other_telegram"), remove).await?;
        }
        TelegramSignIn::UnverifiedClaim => {
            turn.set(State::ClaimPending {
                phone: card.phone.as_str().to_owned(),
                name: card.name.as_str().to_owned(),
            })
            .await?;
            let buttons = InlineKeyboardMarkup::new(vec![vec![
                InlineKeyboardButton::callback(
                    turn.t("contact.take_number"),
                    Callback::TakeNumber.encode(),
                ),
                InlineKeyboardButton::callback(turn.t("btn.cancel"), Callback::Cancel.encode()),
            ]]);
            turn.say_with(turn.t("contact.unverified_claim"), buttons)
                .await?;
        }
    }
    Ok(())
}

fn telegram_contact(turn: &Turn, contact: &Contact) -> Option<TelegramContact> {
    let phone = PhoneNumber::parse(&contact.phone_number).ok()?;
    let full = match &contact.last_name {
        Some(last) => format!("{} {last}", contact.first_name),
        None => contact.first_name.clone(),
    };
    let name = PersonName::parse(&full)
        .or_else(|_| PersonName::parse("Telegram"))
        .ok()?;
    Some(TelegramContact {
        phone,
        name,
        language: turn.lang,
    })
}

/// `/link CODE`: proves control of an app account; links this Telegram to it, and confirms its
/// phone when the contact shared in this chat vouched for the same number.
pub async fn link(turn: &Turn, code: &str, state: State) -> Handled {
    let code = code.trim();
    if code.is_empty() {
        turn.say(turn.t("link.usage")).await?;
        return Ok(());
    }
    let vouched = match &state {
        State::ClaimPending { phone, .. } => PhoneNumber::parse(phone).ok(),
        _ => None,
    };
    let linked = turn
        .services
        .commands
        .link_with_code(&turn.anonymous_context(), turn.telegram_id(), code, vouched)
        .await;
    match linked {
        Ok(Some(name)) => {
            if matches!(state, State::ClaimPending { .. }) {
                turn.set(State::Idle).await?;
            }
            let text = bot_text_with(
                "contact.linked",
                turn.lang,
                &[("name", &user_text(&name, 100))],
            );
            turn.say(&text).await?;
            Ok(())
        }
        Ok(None) => {
            turn.say(turn.t("link.bad_code")).await?;
            Ok(())
        }
        Err(e) => turn.refuse(e).await,
    }
}

/// "The number is mine": the verified owner takes the number from the unconfirmed app account
/// and gets an account of their own.
pub async fn take_number(turn: &Turn, state: State) -> anyhow::Result<Option<String>> {
    let State::ClaimPending { phone, name } = state else {
        return Ok(Some(turn.t("stale").to_owned()));
    };
    let (Ok(phone), Ok(name)) = (PhoneNumber::parse(&phone), PersonName::parse(&name)) else {
        return Ok(Some(turn.t("stale").to_owned()));
    };
    let card = TelegramContact {
        phone: phone.clone(),
        name,
        language: turn.lang,
    };
    let taken = turn
        .services
        .commands
        .take_verified_number(&turn.anonymous_context(), turn.telegram_id(), card)
        .await;
    match taken {
        Ok(_) => {
            turn.set(State::Idle).await?;
            let text = bot_text_with(
                "contact.registered",
                turn.lang,
                &[("phone", phone.as_str())],
            );
            turn.say(&text).await?;
            Ok(None)
        }
        Err(e) => match turn.refusal(&e) {
            Some(text) => Ok(Some(text)),
            None => Err(e.into()),
        },
    }
}

/// `/language`: the three languages as buttons.
pub async fn language_menu(turn: &Turn) -> Handled {
    let row = LANGUAGES
        .iter()
        .enumerate()
        .map(|(index, (_, label))| {
            let index = u8::try_from(index).unwrap_or_default();
            InlineKeyboardButton::callback(*label, Callback::Choose { index }.encode())
        })
        .collect::<Vec<_>>();
    turn.say_with(
        turn.t("language.choose"),
        InlineKeyboardMarkup::new(vec![row]),
    )
    .await?;
    Ok(())
}

/// A language button: stored on the account (its commands menu follows the client's language).
pub async fn set_language(turn: &Turn, index: u8) -> anyhow::Result<Option<String>> {
    let Some((language, _)) = LANGUAGES.get(usize::from(index)) else {
        return Ok(Some(turn.t("stale").to_owned()));
    };
    let Some(account) = &turn.account else {
        turn.say(turn.t("need.registration")).await?;
        return Ok(None);
    };
    let changes = birqadam_commands::ProfileChanges {
        language: Some(*language),
        ..Default::default()
    };
    if let Err(e) = turn
        .services
        .commands
        .update_profile(&turn.context(account), account.id, changes)
        .await
    {
        return turn.refusal(&e).map(Some).ok_or_else(|| e.into());
    }
    turn.say(birqadam_texts::bot_text("language.set", *language))
        .await?;
    Ok(None)
}
