//! One update's context (`Turn`): who wrote, in which language, their account if any, and the
//! replies, always in HTML with user text escaped and cut to Telegram's limits.

use std::sync::Arc;

use birqadam_commands::{CommandContext, CommandError};
use birqadam_domain::values::Language;
use birqadam_domain::{Actor, Channel, Role};
use birqadam_projections::queries::AccountRow;
use birqadam_projections::viewer::Viewer;
use birqadam_telegram::{html, limits};
use birqadam_texts::{bot_text, problem_title};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MessageId, ParseMode, ReplyMarkup, User};

use crate::state::State;
use crate::{BotDialogue, Services, TgBot};

/// The context of one update.
pub struct Turn {
    /// The Bot API client (throttled).
    pub bot: TgBot,
    /// The facades.
    pub services: Arc<Services>,
    /// The chat's dialogue.
    pub dialogue: BotDialogue,
    /// The private chat (its id is the user's id).
    pub chat: ChatId,
    /// The person.
    pub user: User,
    /// Their account, when this Telegram is linked.
    pub account: Option<AccountRow>,
    /// The language replies are in.
    pub lang: Language,
    /// The update's id (logs, request ids).
    pub update_id: u32,
}

impl Turn {
    /// Builds the context: looks up the linked account; the language is the account's, else the
    /// Telegram client's, else Russian.
    pub async fn new(
        bot: TgBot,
        services: Arc<Services>,
        dialogue: BotDialogue,
        user: User,
        update_id: u32,
    ) -> anyhow::Result<Self> {
        let telegram_id = i64::try_from(user.id.0)?;
        let account = services.queries.account_by_telegram(telegram_id).await?;
        let lang = match &account {
            Some(a) => Language::parse(&a.language).unwrap_or_default(),
            None => user
                .language_code
                .as_deref()
                .and_then(|c| Language::parse(c).ok())
                .unwrap_or_default(),
        };
        Ok(Self {
            bot,
            services,
            chat: dialogue.chat_id(),
            dialogue,
            user,
            account,
            lang,
            update_id,
        })
    }

    /// The Telegram user id.
    pub fn telegram_id(&self) -> i64 {
        self.chat.0
    }

    /// A bot text in the person's language.
    pub fn t(&self, code: &'static str) -> &'static str {
        bot_text(code, self.lang)
    }

    /// The command context of an anonymous person writing through the bot.
    pub fn anonymous_context(&self) -> CommandContext {
        CommandContext {
            actor: Actor::anonymous(),
            channel: Channel::Bot,
            request_id: Some(format!("tg-{}", self.update_id)),
            idempotency_key: None,
        }
    }

    /// The command context of the linked account (channel `bot`, the actor with its roles).
    pub fn context(&self, account: &AccountRow) -> CommandContext {
        CommandContext {
            actor: Actor::account(account.id, roles(account)),
            ..self.anonymous_context()
        }
    }

    /// The linked account's viewer (for the reads that depend on who asks).
    pub fn viewer(&self, account: &AccountRow) -> Viewer {
        Viewer::new(account.id, &roles(account))
    }

    /// Whether the account is an approved organizer (or an admin).
    pub fn is_organizer(account: &AccountRow) -> bool {
        account
            .roles
            .iter()
            .any(|r| r == "organizer" || r == "admin")
    }

    /// The stored dialogue state.
    pub async fn state(&self) -> anyhow::Result<State> {
        Ok(self
            .dialogue
            .get()
            .await
            .map_err(anyhow::Error::from_boxed)?
            .unwrap_or_default())
    }

    /// Stores the dialogue state (`Idle` removes it).
    pub async fn set(&self, state: State) -> anyhow::Result<()> {
        self.dialogue
            .update(state)
            .await
            .map_err(anyhow::Error::from_boxed)
    }

    /// Sends HTML `text` (already escaped where it holds user text), cut to the message limit.
    pub async fn say(&self, text: &str) -> anyhow::Result<Message> {
        self.send(text, None).await
    }

    /// Sends HTML `text` with inline buttons.
    pub async fn say_with(
        &self,
        text: &str,
        buttons: InlineKeyboardMarkup,
    ) -> anyhow::Result<Message> {
        self.send(text, Some(ReplyMarkup::InlineKeyboard(buttons)))
            .await
    }

    /// Sends HTML `text` with any reply markup.
    pub async fn send(&self, text: &str, markup: Option<ReplyMarkup>) -> anyhow::Result<Message> {
        let mut request = self
            .bot
            .send_message(self.chat, fit(text, limits::MESSAGE_TEXT))
            .parse_mode(ParseMode::Html);
        if let Some(markup) = markup {
            request = request.reply_markup(markup);
        }
        Ok(request.await?)
    }

    /// Replaces the text and buttons of the bot's message `id` (a list paged in place); an
    /// unchanged message counts as done.
    pub async fn edit(
        &self,
        id: MessageId,
        text: &str,
        buttons: InlineKeyboardMarkup,
    ) -> anyhow::Result<()> {
        let result = self
            .bot
            .edit_message_text(self.chat, id, fit(text, limits::MESSAGE_TEXT))
            .parse_mode(ParseMode::Html)
            .reply_markup(buttons)
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(teloxide::RequestError::Api(teloxide::ApiError::MessageNotModified)) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// The words for a refused command: the problem's title for a domain refusal, `None` for a
    /// failure that is ours (it goes to the error handler).
    pub fn refusal(&self, error: &CommandError) -> Option<String> {
        let code = match error {
            CommandError::Rejected(e) => e.code(),
            CommandError::NotFound => "not_found",
            CommandError::Conflict => "conflict",
            CommandError::Upload { error, .. } => error.code(),
            _ => return None,
        };
        Some(problem_title(code, self.lang).unwrap_or(code).to_owned())
    }

    /// Tells the person why a command was refused; a failure of ours is returned as the error.
    pub async fn refuse(&self, error: CommandError) -> anyhow::Result<()> {
        match self.refusal(&error) {
            Some(text) => {
                self.say(&html::escape(&text)).await?;
                Ok(())
            }
            None => Err(error.into()),
        }
    }
}

/// User text for HTML: cut to `max` visible characters, then escaped.
pub fn user_text(text: &str, max: usize) -> String {
    html::escape(&html::cut(text, max))
}

/// The roles of an account row.
fn roles(account: &AccountRow) -> Vec<Role> {
    account
        .roles
        .iter()
        .filter_map(|r| r.parse().ok())
        .collect()
}

/// HTML whose visible text exceeds `max` is a defect upstream (user text is cut before it goes
/// in); as a last guard, a too-long message loses its markup and is cut as plain text.
fn fit(text: &str, max: usize) -> String {
    if html::visible_len(text) <= max {
        return text.to_owned();
    }
    tracing::warn!(
        length = html::visible_len(text),
        "a reply over the limit was cut"
    );
    html::escape(&html::cut(&strip_tags(text), max - 200))
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}
