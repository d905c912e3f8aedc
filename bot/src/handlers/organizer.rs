//! Organizer flows: the application, the project dialogue ([`project`]), the task dialogue
//! ([`task`]) and the members of one's projects.

mod project;
mod task;

use birqadam_domain::account::OrganizerApplication;
use birqadam_projections::queries::{ProjectFilter, ProjectRow, Visibility};
use birqadam_projections::{Keyset, keyset};
use birqadam_telegram::callback::Callback;
use birqadam_texts::bot_text_with;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use uuid::Uuid;

pub use project::{new_project, project_button, project_text, project_type};
pub use task::{new_task, task_button, task_project, task_text};

use super::{Handled, signed_in};
use crate::state::{ApplicationDraft, State};
use crate::turn::{Turn, user_text};

/// The longest answer kept per application field.
const FIELD: usize = 1000;

/// `/apply`: the application dialogue (name, what it does, city).
pub async fn apply(turn: &Turn) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    if account.organizer_status == "approved" || account.organizer_status == "pending" {
        let code = if account.organizer_status == "approved" {
            "organizer.already_approved"
        } else {
            "organizer.application_pending"
        };
        turn.say(birqadam_texts::problem_title(code, turn.lang).unwrap_or(code))
            .await?;
        return Ok(());
    }
    turn.set(State::OrganizerApplication(ApplicationDraft::default()))
        .await?;
    turn.say_with(turn.t("apply.name"), cancel_only(turn))
        .await?;
    Ok(())
}

/// One answer of the application dialogue.
pub async fn application_text(turn: &Turn, mut draft: ApplicationDraft, text: &str) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    let answer = birqadam_telegram::html::cut(text.trim(), FIELD).into_owned();
    if answer.is_empty() {
        turn.say(turn.t("unknown")).await?;
        return Ok(());
    }
    if draft.organization_name.is_none() {
        draft.organization_name = Some(answer);
        turn.set(State::OrganizerApplication(draft)).await?;
        turn.say_with(turn.t("apply.description"), cancel_only(turn))
            .await?;
        return Ok(());
    }
    if draft.description.is_none() {
        draft.description = Some(answer);
        turn.set(State::OrganizerApplication(draft)).await?;
        turn.say_with(turn.t("apply.city"), cancel_only(turn))
            .await?;
        return Ok(());
    }
    let application = OrganizerApplication {
        organization_name: draft.organization_name.unwrap_or_default(),
        description: draft.description.unwrap_or_default(),
        city: answer,
        website: None,
        contact_person: None,
    };
    turn.set(State::Idle).await?;
    match turn
        .services
        .commands
        .submit_organizer_application(&turn.context(account), application)
        .await
    {
        Ok(()) => {
            turn.say(turn.t("apply.sent")).await?;
            Ok(())
        }
        Err(e) => turn.refuse(e).await,
    }
}

/// A keyboard with only Cancel.
pub fn cancel_only(turn: &Turn) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::callback(
        turn.t("btn.cancel"),
        Callback::Cancel.encode(),
    )]])
}

/// The organizer's own approved, live projects.
pub async fn own_projects(turn: &Turn, owner: Uuid) -> anyhow::Result<Vec<ProjectRow>> {
    let page = turn
        .services
        .queries
        .projects(
            &ProjectFilter {
                status: Some("approved".to_owned()),
                ..Default::default()
            },
            Visibility::Owner(owner),
            Some(owner),
            &Keyset::first(keyset::MAX_LIMIT),
        )
        .await?;
    Ok(page
        .items
        .into_iter()
        .filter(|p| p.owner_id == owner && !p.deleted)
        .collect())
}

/// `/members`: my projects as buttons.
pub async fn members_menu(turn: &Turn) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    if !Turn::is_organizer(account) {
        turn.say(turn.t("need.organizer")).await?;
        return Ok(());
    }
    let projects = own_projects(turn, account.id).await?;
    if projects.is_empty() {
        turn.say(turn.t("task.no_projects")).await?;
        return Ok(());
    }
    let rows = projects
        .iter()
        .take(20)
        .map(|p| {
            let label = birqadam_telegram::html::cut(&p.title, 60).into_owned();
            vec![InlineKeyboardButton::callback(
                label,
                Callback::Members { project: p.id }.encode(),
            )]
        })
        .collect::<Vec<_>>();
    turn.say_with(turn.t("task.pick_project"), InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// A project's members (names and ratings; never phones).
pub async fn members(turn: &Turn, project: Uuid) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    let members = turn
        .services
        .queries
        .project_members_for(
            &turn.viewer(account),
            project,
            &Keyset::first(keyset::MAX_LIMIT),
        )
        .await;
    let members = match members {
        Ok(page) => page.items,
        Err(e) => {
            let code = if matches!(e, birqadam_projections::QueryError::Forbidden) {
                "forbidden"
            } else {
                "not_found"
            };
            if !matches!(
                e,
                birqadam_projections::QueryError::Forbidden
                    | birqadam_projections::QueryError::NotFound
            ) {
                return Err(e.into());
            }
            turn.say(birqadam_texts::problem_title(code, turn.lang).unwrap_or(code))
                .await?;
            return Ok(());
        }
    };
    let title = turn
        .services
        .queries
        .project(project, None)
        .await?
        .map(|p| p.title)
        .unwrap_or_default();
    let mut text = bot_text_with(
        "members.title",
        turn.lang,
        &[("title", &user_text(&title, 200))],
    );
    if members.is_empty() {
        text.push('\n');
        text.push_str(turn.t("members.empty"));
    }
    for m in members {
        text.push_str(&format!("\n• {} — {}", user_text(&m.name, 100), m.rating));
    }
    turn.say(&text).await?;
    Ok(())
}
