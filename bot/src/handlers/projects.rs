//! The catalogue: approved projects paged in one message edited in place (◀️ ▶️), a project's
//! card (title and description shown literally, cut to fit), join, leave and my projects.

use birqadam_projections::queries::{ProjectFilter, ProjectRow, Visibility};
use birqadam_projections::{Keyset, keyset};
use birqadam_telegram::callback::Callback;
use birqadam_texts::bot_text_with;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId};
use uuid::Uuid;

use super::{Handled, signed_in};
use crate::turn::{Turn, user_text};

/// Projects per page.
pub const PAGE: usize = 5;
/// The longest description shown on a card (plain characters, before escaping).
pub const CARD_DESCRIPTION: usize = 3000;

async fn catalogue(turn: &Turn) -> anyhow::Result<Vec<ProjectRow>> {
    let viewer = turn.account.as_ref().map(|a| a.id);
    let page = turn
        .services
        .queries
        .projects(
            &ProjectFilter::default(),
            Visibility::Public,
            viewer,
            &Keyset::first(keyset::MAX_LIMIT),
        )
        .await?;
    Ok(page.items)
}

/// Page `page` of the catalogue; edits `message` in place when the press came from it.
pub async fn browse(turn: &Turn, page: u16, message: Option<MessageId>) -> Handled {
    let projects = catalogue(turn).await?;
    if projects.is_empty() {
        turn.say(turn.t("projects.empty")).await?;
        return Ok(());
    }
    let pages = projects.len().div_ceil(PAGE);
    let page = usize::from(page).min(pages - 1);
    let mut rows: Vec<Vec<InlineKeyboardButton>> = projects
        .iter()
        .skip(page * PAGE)
        .take(PAGE)
        .map(|p| {
            vec![InlineKeyboardButton::callback(
                button_title(&p.title),
                Callback::Project { project: p.id }.encode(),
            )]
        })
        .collect();
    let mut nav = Vec::new();
    if page > 0 {
        nav.push(page_button(turn.t("btn.prev"), page - 1));
    }
    if page + 1 < pages {
        nav.push(page_button(turn.t("btn.next"), page + 1));
    }
    if !nav.is_empty() {
        rows.push(nav);
    }
    let text = bot_text_with(
        "projects.title",
        turn.lang,
        &[
            ("page", &(page + 1).to_string()),
            ("pages", &pages.to_string()),
        ],
    );
    let buttons = InlineKeyboardMarkup::new(rows);
    match message {
        Some(id) => turn.edit(id, &text, buttons).await,
        None => turn.say_with(&text, buttons).await.map(|_| ()),
    }
}

fn page_button(label: &str, page: usize) -> InlineKeyboardButton {
    let page = u16::try_from(page).unwrap_or(u16::MAX);
    InlineKeyboardButton::callback(label, Callback::Page { page }.encode())
}

/// A button label from a title (labels are plain text: no escaping, just a length).
fn button_title(title: &str) -> String {
    birqadam_telegram::html::cut(title, 60).into_owned()
}

/// A project's card with Join or Leave.
pub async fn card(turn: &Turn, project: Uuid) -> Handled {
    let viewer = turn.account.as_ref().map(|a| a.id);
    let row = turn.services.queries.project(project, viewer).await?;
    let Some(row) = row.filter(|p| visible(p, viewer)) else {
        turn.say(birqadam_texts::problem_title("not_found", turn.lang).unwrap_or("—"))
            .await?;
        return Ok(());
    };
    let text = card_text(turn, &row);
    let button = if row.joined {
        InlineKeyboardButton::callback(turn.t("btn.leave"), Callback::Leave { project }.encode())
    } else {
        InlineKeyboardButton::callback(turn.t("btn.join"), Callback::Join { project }.encode())
    };
    turn.say_with(&text, InlineKeyboardMarkup::new(vec![vec![button]]))
        .await?;
    Ok(())
}

fn visible(project: &ProjectRow, viewer: Option<Uuid>) -> bool {
    (project.status == "approved" && !project.deleted) || Some(project.owner_id) == viewer
}

/// The card's HTML: every user field cut, then escaped.
pub fn card_text(turn: &Turn, row: &ProjectRow) -> String {
    bot_text_with(
        "project.card",
        turn.lang,
        &[
            ("title", &user_text(&row.title, 200)),
            ("city", &user_text(&row.city, 100)),
            ("type", type_label(turn, &row.volunteer_type)),
            (
                "description",
                &user_text(&row.description, CARD_DESCRIPTION),
            ),
        ],
    )
}

/// The words for a kind of volunteering.
pub fn type_label(turn: &Turn, volunteer_type: &str) -> &'static str {
    match volunteer_type {
        "social" => turn.t("type.social"),
        "environmental" => turn.t("type.environmental"),
        _ => turn.t("type.cultural"),
    }
}

/// Join: a message with the project's title; a refusal is the toast.
pub async fn join(turn: &Turn, project: Uuid) -> anyhow::Result<Option<String>> {
    let Some(account) = signed_in(turn).await? else {
        return Ok(None);
    };
    let joined = turn
        .services
        .commands
        .join_project(&turn.context(account), project)
        .await;
    membership_changed(turn, account.id, project, joined, "joined").await
}

/// Leave a project: a message with its title; a refusal is the toast.
pub async fn leave(turn: &Turn, project: Uuid) -> anyhow::Result<Option<String>> {
    let Some(account) = signed_in(turn).await? else {
        return Ok(None);
    };
    let left = turn
        .services
        .commands
        .leave_project(&turn.context(account), project)
        .await;
    membership_changed(turn, account.id, project, left, "left").await
}

/// Says `code` with the project's title after a join or leave; a refusal becomes the toast.
async fn membership_changed(
    turn: &Turn,
    account: Uuid,
    project: Uuid,
    outcome: Result<(), birqadam_commands::CommandError>,
    code: &'static str,
) -> anyhow::Result<Option<String>> {
    if let Err(e) = outcome {
        return turn.refusal(&e).map(Some).ok_or_else(|| e.into());
    }
    let title = turn
        .services
        .queries
        .project(project, Some(account))
        .await?
        .map(|p| p.title)
        .unwrap_or_default();
    let text = bot_text_with(code, turn.lang, &[("title", &user_text(&title, 200))]);
    turn.say(&text).await?;
    Ok(None)
}

/// The projects I am a member of, as buttons to their cards.
pub async fn mine(turn: &Turn) -> Handled {
    if signed_in(turn).await?.is_none() {
        return Ok(());
    }
    let joined: Vec<ProjectRow> = catalogue(turn)
        .await?
        .into_iter()
        .filter(|p| p.joined)
        .collect();
    if joined.is_empty() {
        turn.say(turn.t("projects.mine_empty")).await?;
        return Ok(());
    }
    let rows = joined
        .iter()
        .take(20)
        .map(|p| {
            vec![InlineKeyboardButton::callback(
                button_title(&p.title),
                Callback::Project { project: p.id }.encode(),
            )]
        })
        .collect::<Vec<_>>();
    turn.say_with(turn.t("projects.mine"), InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}
