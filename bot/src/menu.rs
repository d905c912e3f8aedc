//! The command menus Telegram shows: the volunteer commands for every private chat in ru, kk and
//! en (plus a fallback without a language), and the organizer commands added for each
//! organizer's own chat, in their language. A chat's menu follows its person: the first update
//! after the organizer role is granted (or revoked, or the language changed) sets (or removes)
//! the chat's own menu; each process does it once per chat and change.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use birqadam_domain::values::Language;
use birqadam_texts::bot_text;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};

use crate::TgBot;
use crate::turn::Turn;

/// The menu this process last gave each chat: organizer or not, and in which language.
#[derive(Debug, Default)]
pub struct Menus(Mutex<HashMap<i64, (bool, Language)>>);

/// Gives a linked person's chat the menu their role and language call for, unless this process
/// already did; a failure is logged, never the person's problem.
pub async fn follow(turn: &Turn) {
    let Some(account) = &turn.account else {
        return;
    };
    let wanted = (Turn::is_organizer(account), turn.lang);
    let given = turn
        .services
        .menus
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&turn.chat.0)
        .copied();
    if given == Some(wanted) {
        return;
    }
    let set = if wanted.0 {
        register_organizer(&turn.bot, turn.chat, turn.lang).await
    } else {
        turn.bot
            .delete_my_commands()
            .scope(BotCommandScope::Chat {
                chat_id: Recipient::Id(turn.chat),
            })
            .await
            .map(|_| ())
            .map_err(anyhow::Error::from)
    };
    match set {
        Ok(()) => {
            turn.services
                .menus
                .0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(turn.chat.0, wanted);
        }
        Err(error) => tracing::warn!(
            chat = turn.chat.0,
            error = format!("{error:#}"),
            "setting a chat's menu failed"
        ),
    }
}

/// Everyone's commands and the code of their description.
const VOLUNTEER: &[(&str, &str)] = &[
    ("start", "cmd.start"),
    ("projects", "cmd.projects"),
    ("my", "cmd.my"),
    ("tasks", "cmd.tasks"),
    ("reports", "cmd.reports"),
    ("rating", "cmd.rating"),
    ("top", "cmd.top"),
    ("apply", "cmd.apply"),
    ("link", "cmd.link"),
    ("language", "cmd.language"),
    ("help", "cmd.help"),
    ("cancel", "cmd.cancel"),
];

/// Organizers' extra commands.
const ORGANIZER: &[(&str, &str)] = &[
    ("newproject", "cmd.newproject"),
    ("newtask", "cmd.newtask"),
    ("queue", "cmd.queue"),
    ("members", "cmd.members"),
];

/// The menu for `language`: the volunteer commands, then the organizer's when `organizer`.
pub fn commands(language: Language, organizer: bool) -> Vec<BotCommand> {
    let extra = if organizer { ORGANIZER } else { &[] };
    VOLUNTEER
        .iter()
        .chain(extra)
        .map(|(name, code)| BotCommand::new(*name, bot_text(code, language)))
        .collect()
}

/// Sets the volunteer menu per language and the fallback (at start-up).
pub async fn register(bot: &TgBot) -> anyhow::Result<()> {
    bot.set_my_commands(commands(Language::Ru, false)).await?;
    for language in [Language::Ru, Language::Kk, Language::En] {
        bot.set_my_commands(commands(language, false))
            .language_code(language.as_str())
            .await?;
    }
    Ok(())
}

/// Sets the organizer menu in one organizer's chat.
pub async fn register_organizer(
    bot: &TgBot,
    chat: ChatId,
    language: Language,
) -> anyhow::Result<()> {
    bot.set_my_commands(commands(language, true))
        .scope(BotCommandScope::Chat {
            chat_id: Recipient::Id(chat),
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_menu_entry_has_a_valid_name_and_description_in_every_language() {
        for language in [Language::Ru, Language::Kk, Language::En] {
            for command in commands(language, true) {
                assert!(
                    command.command.len() <= 32
                        && command
                            .command
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{}",
                    command.command
                );
                let length = command.description.chars().count();
                assert!((3..=256).contains(&length), "{}", command.description);
                assert!(
                    !command.description.starts_with("cmd."),
                    "{} has no text",
                    command.command
                );
            }
        }
    }
}
