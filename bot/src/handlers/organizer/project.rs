//! The project dialogue: title → description → kind → city → summary to confirm, each step
//! validated, Back where a step has a predecessor and Cancel everywhere. The draft lives in the
//! dialogue state, so a restart in the middle continues it.

use birqadam_domain::project::{MAX_DESCRIPTION, MAX_TITLE, ProjectDetails, VolunteerType};
use birqadam_telegram::callback::Callback;
use birqadam_texts::{bot_text_with, field_message};
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::super::{Handled, signed_in};
use crate::handlers::projects::type_label;
use crate::state::{ProjectDraft, ProjectStep, State};
use crate::turn::{Turn, user_text};

/// The kinds, in button order.
const TYPES: [VolunteerType; 3] = [
    VolunteerType::Social,
    VolunteerType::Environmental,
    VolunteerType::Cultural,
];

/// The longest city.
const MAX_CITY: usize = 100;

/// `/newproject` (approved organizers).
pub async fn new_project(turn: &Turn) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    if !Turn::is_organizer(account) {
        turn.say(turn.t("need.organizer")).await?;
        return Ok(());
    }
    let draft = ProjectDraft::new();
    turn.set(State::NewProject(draft.clone())).await?;
    prompt(turn, &draft).await
}

fn nav(turn: &Turn, step: ProjectStep) -> Vec<InlineKeyboardButton> {
    let mut row = Vec::new();
    if step.back().is_some() {
        row.push(InlineKeyboardButton::callback(
            turn.t("btn.back"),
            Callback::Back.encode(),
        ));
    }
    row.push(InlineKeyboardButton::callback(
        turn.t("btn.cancel"),
        Callback::Cancel.encode(),
    ));
    row
}

/// Asks for the draft's current step.
async fn prompt(turn: &Turn, draft: &ProjectDraft) -> Handled {
    let (text, mut rows) = match draft.step {
        ProjectStep::Title => (turn.t("project.ask.title").to_owned(), vec![]),
        ProjectStep::Description => (turn.t("project.ask.description").to_owned(), vec![]),
        ProjectStep::Type => {
            let row = TYPES
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let index = u8::try_from(i).unwrap_or_default();
                    InlineKeyboardButton::callback(
                        type_label(turn, t.as_str()),
                        Callback::Choose { index }.encode(),
                    )
                })
                .collect();
            (turn.t("project.ask.type").to_owned(), vec![row])
        }
        ProjectStep::City => (turn.t("project.ask.city").to_owned(), vec![]),
        ProjectStep::Confirm => {
            let summary = bot_text_with(
                "project.confirm",
                turn.lang,
                &[
                    (
                        "title",
                        &user_text(draft.title.as_deref().unwrap_or_default(), MAX_TITLE),
                    ),
                    (
                        "city",
                        &user_text(draft.city.as_deref().unwrap_or_default(), MAX_CITY),
                    ),
                    (
                        "type",
                        type_label(turn, draft.volunteer_type.as_deref().unwrap_or_default()),
                    ),
                    (
                        "description",
                        &user_text(draft.description.as_deref().unwrap_or_default(), 3000),
                    ),
                ],
            );
            let confirm =
                InlineKeyboardButton::callback(turn.t("btn.confirm"), Callback::Confirm.encode());
            (summary, vec![vec![confirm]])
        }
    };
    rows.push(nav(turn, draft.step));
    turn.say_with(&text, InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// A text answer to the current step.
pub async fn project_text(turn: &Turn, mut draft: ProjectDraft, text: &str) -> Handled {
    let value = text.trim();
    let limit = match draft.step {
        ProjectStep::Title => MAX_TITLE,
        ProjectStep::Description => MAX_DESCRIPTION,
        ProjectStep::City => MAX_CITY,
        // these steps take a button: show them again
        ProjectStep::Type | ProjectStep::Confirm => return prompt(turn, &draft).await,
    };
    let problem = if value.is_empty() {
        Some("required")
    } else if value.chars().count() > limit {
        Some("too_long")
    } else {
        None
    };
    if let Some(code) = problem {
        let reason = field_message(code, turn.lang);
        let text = bot_text_with("project.invalid", turn.lang, &[("reason", reason)]);
        turn.say_with(
            &text,
            InlineKeyboardMarkup::new(vec![nav(turn, draft.step)]),
        )
        .await?;
        return Ok(());
    }
    let value = Some(value.to_owned());
    draft.step = match draft.step {
        ProjectStep::Title => {
            draft.title = value;
            ProjectStep::Description
        }
        ProjectStep::Description => {
            draft.description = value;
            ProjectStep::Type
        }
        _ => {
            draft.city = value;
            ProjectStep::Confirm
        }
    };
    turn.set(State::NewProject(draft.clone())).await?;
    prompt(turn, &draft).await
}

/// A kind button.
pub async fn project_type(
    turn: &Turn,
    mut draft: ProjectDraft,
    index: u8,
) -> anyhow::Result<Option<String>> {
    let Some(kind) = TYPES
        .get(usize::from(index))
        .filter(|_| draft.step == ProjectStep::Type)
    else {
        return Ok(Some(turn.t("stale").to_owned()));
    };
    draft.volunteer_type = Some(kind.as_str().to_owned());
    draft.step = ProjectStep::City;
    turn.set(State::NewProject(draft.clone())).await?;
    prompt(turn, &draft).await?;
    Ok(None)
}

/// Back or Confirm.
pub async fn project_button(
    turn: &Turn,
    mut draft: ProjectDraft,
    pressed: Callback,
) -> anyhow::Result<Option<String>> {
    if pressed == Callback::Back {
        let Some(previous) = draft.step.back() else {
            return Ok(Some(turn.t("stale").to_owned()));
        };
        draft.step = previous;
        turn.set(State::NewProject(draft.clone())).await?;
        prompt(turn, &draft).await?;
        return Ok(None);
    }
    if draft.step != ProjectStep::Confirm {
        return Ok(Some(turn.t("stale").to_owned()));
    }
    let Some(account) = signed_in(turn).await? else {
        return Ok(None);
    };
    let volunteer_type = TYPES
        .iter()
        .copied()
        .find(|t| Some(t.as_str()) == draft.volunteer_type.as_deref())
        .unwrap_or(VolunteerType::Environmental);
    let details = ProjectDetails {
        title: draft.title.clone().unwrap_or_default(),
        description: draft.description.clone().unwrap_or_default(),
        volunteer_type,
        city: draft.city.clone().unwrap_or_default(),
        address: None,
        latitude: None,
        longitude: None,
        start_date: None,
        end_date: None,
        capacity: None,
        contact_phone: None,
        contact_email: None,
        contact_telegram: None,
        tags: Vec::new(),
    };
    match turn
        .services
        .commands
        .create_project(&turn.context(account), details)
        .await
    {
        Ok(_) => {
            turn.set(State::Idle).await?;
            turn.say(turn.t("project.created")).await?;
            Ok(None)
        }
        Err(e) => match turn.refusal(&e) {
            Some(text) => {
                turn.say(&birqadam_telegram::html::escape(&text)).await?;
                Ok(Some(text))
            }
            None => Err(e.into()),
        },
    }
}
