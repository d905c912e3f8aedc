//! The two entry points (a message, a button press) and their routers. Every handler error is
//! logged here with its context (update id, chat, state) and answered with a friendly message in
//! the person's language; every button press is answered (`answerCallbackQuery`), so no spinner
//! hangs.

mod identity;
mod moderation;
mod organizer;
mod projects;
mod report;
mod tasks;

use std::sync::Arc;

use birqadam_telegram::callback::Callback;
use birqadam_telegram::{html, limits};
use teloxide::prelude::*;
use teloxide::types::{MaybeInaccessibleMessage, MessageId};
use teloxide::utils::command::BotCommands;

use crate::command::Command;
use crate::state::State;
use crate::turn::Turn;
use crate::{BotDialogue, Services, TgBot};

/// A handler's result: refusals are replies (`Ok`), anything else is an error to log.
pub type Handled = anyhow::Result<()>;

/// A message in a private chat.
pub async fn on_message(
    bot: TgBot,
    message: Message,
    dialogue: BotDialogue,
    state: State,
    services: Arc<Services>,
    update: Update,
) -> Handled {
    let Some(user) = message.from.clone() else {
        return Ok(());
    };
    if !message.chat.is_private() {
        return Ok(());
    }
    let turn = Turn::new(bot, services, dialogue, user, update.id.0).await?;
    crate::menu::follow(&turn).await;
    let result = route_message(&turn, &message, state.clone()).await;
    if let Err(error) = result {
        tracing::error!(
            update = update.id.0,
            chat = turn.chat.0,
            state = ?state,
            error = format!("{error:#}"),
            "a bot message handler failed"
        );
        turn.say(turn.t("error")).await?;
    }
    Ok(())
}

/// A press on one of the bot's inline buttons.
pub async fn on_callback(
    bot: TgBot,
    query: CallbackQuery,
    dialogue: BotDialogue,
    state: State,
    services: Arc<Services>,
    update: Update,
) -> Handled {
    let answer = bot.answer_callback_query(query.id.clone());
    let turn = match Turn::new(
        bot.clone(),
        services,
        dialogue,
        query.from.clone(),
        update.id.0,
    )
    .await
    {
        Ok(turn) => turn,
        Err(e) => {
            answer.await?;
            return Err(e);
        }
    };
    let message = query.message.as_ref().map(MaybeInaccessibleMessage::id);
    let pressed = query.data.as_deref().and_then(Callback::decode);
    let result = match pressed {
        None => Ok(Some(turn.t("stale").to_owned())),
        Some(callback) => route_callback(&turn, callback, message, state.clone()).await,
    };
    match result {
        Ok(toast) => {
            let text = toast.map(|t| html::cut(&t, limits::TOAST).into_owned());
            match text {
                Some(text) => answer.text(text).await?,
                None => answer.await?,
            };
        }
        Err(error) => {
            tracing::error!(
                update = update.id.0,
                chat = turn.chat.0,
                state = ?state,
                data = query.data.as_deref().unwrap_or_default(),
                error = format!("{error:#}"),
                "a bot button handler failed"
            );
            answer.text(turn.t("error")).await?;
        }
    }
    Ok(())
}

async fn route_message(turn: &Turn, message: &Message, state: State) -> Handled {
    identity::touch(turn).await?;
    if let Some(text) = message.text()
        && text.starts_with('/')
    {
        return match Command::parse(text, &turn.services.username) {
            Ok(command) => route_command(turn, command, state).await,
            Err(_) => help(turn).await,
        };
    }
    if let Some(contact) = message.contact() {
        return identity::contact(turn, contact).await;
    }
    if message.photo().is_some() || message.document().is_some() {
        return report::media(turn, message, state).await;
    }
    let Some(text) = message.text() else {
        return help(turn).await;
    };
    match state {
        State::Idle | State::ClaimPending { .. } => help(turn).await,
        State::Report(draft) => report::text(turn, draft, text).await,
        State::NewProject(draft) => organizer::project_text(turn, draft, text).await,
        State::NewTask(draft) => organizer::task_text(turn, draft, text).await,
        State::OrganizerApplication(draft) => organizer::application_text(turn, draft, text).await,
        State::ModerationComment { report, stars } => {
            moderation::comment(turn, report, stars, text).await
        }
        State::RejectReason { report } => moderation::reason(turn, report, text).await,
    }
}

async fn route_command(turn: &Turn, command: Command, state: State) -> Handled {
    match command {
        Command::Start(payload) => identity::start(turn, &payload).await,
        Command::Help => help(turn).await,
        Command::Cancel => cancel(turn).await,
        Command::Link(code) => identity::link(turn, &code, state).await,
        Command::Language => identity::language_menu(turn).await,
        Command::Projects => projects::browse(turn, 0, None).await,
        Command::My => projects::mine(turn).await,
        Command::Tasks => tasks::list(turn).await,
        Command::Reports => report::list(turn).await,
        Command::Rating => tasks::rating(turn).await,
        Command::Top => tasks::top(turn).await,
        Command::Apply => organizer::apply(turn).await,
        Command::NewProject => organizer::new_project(turn).await,
        Command::NewTask => organizer::new_task(turn).await,
        Command::Queue => moderation::queue(turn).await,
        Command::Members => organizer::members_menu(turn).await,
    }
}

async fn route_callback(
    turn: &Turn,
    callback: Callback,
    message: Option<MessageId>,
    state: State,
) -> anyhow::Result<Option<String>> {
    match callback {
        Callback::Moderate { report, decision } => moderation::decide(turn, report, decision).await,
        Callback::Page { page } => projects::browse(turn, page, message).await.map(|()| None),
        Callback::Project { project } => projects::card(turn, project).await.map(|()| None),
        Callback::Join { project } => projects::join(turn, project).await,
        Callback::Leave { project } => projects::leave(turn, project).await,
        Callback::Accept { task } => tasks::accept(turn, task).await,
        Callback::Decline { task } => tasks::decline(turn, task).await,
        Callback::Report { task } => report::start(turn, task).await.map(|()| None),
        Callback::ReportSend => report::send(turn, state).await,
        Callback::ReportComment => report::ask_comment(turn, state).await,
        Callback::TakeNumber => identity::take_number(turn, state).await,
        Callback::Members { project } => organizer::members(turn, project).await.map(|()| None),
        Callback::TaskProject { project } => {
            organizer::task_project(turn, project).await.map(|()| None)
        }
        Callback::TaskAll
        | Callback::TaskMember { .. }
        | Callback::TaskDone
        | Callback::NoDeadline => organizer::task_button(turn, callback, state).await,
        Callback::Choose { index } => match state {
            State::NewProject(draft) => organizer::project_type(turn, draft, index).await,
            State::Idle => identity::set_language(turn, index).await,
            _ => Ok(Some(turn.t("stale").to_owned())),
        },
        Callback::Confirm | Callback::Back => match state {
            State::NewProject(draft) => organizer::project_button(turn, draft, callback).await,
            _ => Ok(Some(turn.t("stale").to_owned())),
        },
        Callback::Cancel => cancel(turn).await.map(|()| None),
    }
}

/// The command list (plus the organizer's, for organizers).
pub async fn help(turn: &Turn) -> Handled {
    let mut text = turn.t("help").to_owned();
    if turn.account.as_ref().is_some_and(Turn::is_organizer) {
        text.push_str("\n\n");
        text.push_str(turn.t("help.organizer"));
    }
    turn.say(&text).await?;
    Ok(())
}

/// Ends whatever dialogue is under way (none is fine too).
pub async fn cancel(turn: &Turn) -> Handled {
    turn.set(State::Idle).await?;
    turn.say(turn.t("cancelled")).await?;
    Ok(())
}

/// The linked account, or a reply asking to sign in first.
pub async fn signed_in(
    turn: &Turn,
) -> anyhow::Result<Option<&birqadam_projections::queries::AccountRow>> {
    if turn.account.is_none() {
        turn.say(turn.t("need.registration")).await?;
    }
    Ok(turn.account.as_ref())
}
