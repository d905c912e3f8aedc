//! The task dialogue: pick a project → all members or chosen ones (toggled) → the text → an
//! optional deadline in Almaty time (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, or "No deadline").

use birqadam_commands::tasks::NewTask;
use birqadam_projections::{Keyset, keyset};
use birqadam_telegram::callback::Callback;
use chrono::{NaiveDate, NaiveTime};
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use uuid::Uuid;

use super::super::{Handled, signed_in};
use super::{cancel_only, own_projects};
use crate::state::{State, TaskDraft, TaskStep};
use crate::turn::Turn;

/// The longest task text.
const MAX_TEXT: usize = 2000;

/// `/newtask`: my approved projects as buttons.
pub async fn new_task(turn: &Turn) -> Handled {
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
    let mut rows: Vec<Vec<InlineKeyboardButton>> = projects
        .iter()
        .take(20)
        .map(|p| {
            let label = birqadam_telegram::html::cut(&p.title, 60).into_owned();
            vec![InlineKeyboardButton::callback(
                label,
                Callback::TaskProject { project: p.id }.encode(),
            )]
        })
        .collect();
    rows.push(vec![InlineKeyboardButton::callback(
        turn.t("btn.cancel"),
        Callback::Cancel.encode(),
    )]);
    turn.say_with(turn.t("task.pick_project"), InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// A project was picked: choose the recipients.
pub async fn task_project(turn: &Turn, project: Uuid) -> Handled {
    if signed_in(turn).await?.is_none() {
        return Ok(());
    }
    let draft = TaskDraft {
        project,
        step: TaskStep::Recipients,
        chosen: Vec::new(),
        all: false,
        text: None,
    };
    turn.set(State::NewTask(draft.clone())).await?;
    recipients(turn, &draft).await
}

async fn recipients(turn: &Turn, draft: &TaskDraft) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    let members = turn
        .services
        .queries
        .project_members_for(
            &turn.viewer(account),
            draft.project,
            &Keyset::first(keyset::MAX_LIMIT),
        )
        .await?;
    let mut rows = vec![vec![InlineKeyboardButton::callback(
        turn.t("btn.all_members"),
        Callback::TaskAll.encode(),
    )]];
    for m in members.items.iter().take(30) {
        let mark = if draft.chosen.contains(&m.account_id) {
            "✅ "
        } else {
            ""
        };
        let label = format!("{mark}{}", birqadam_telegram::html::cut(&m.name, 50));
        rows.push(vec![InlineKeyboardButton::callback(
            label,
            Callback::TaskMember {
                account: m.account_id,
            }
            .encode(),
        )]);
    }
    rows.push(vec![
        InlineKeyboardButton::callback(turn.t("btn.done"), Callback::TaskDone.encode()),
        InlineKeyboardButton::callback(turn.t("btn.cancel"), Callback::Cancel.encode()),
    ]);
    turn.say_with(turn.t("task.recipients"), InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// The dialogue's buttons: all members, a member toggled, done, no deadline.
pub async fn task_button(
    turn: &Turn,
    pressed: Callback,
    state: State,
) -> anyhow::Result<Option<String>> {
    let State::NewTask(mut draft) = state else {
        return Ok(Some(turn.t("stale").to_owned()));
    };
    match (pressed, draft.step) {
        (Callback::TaskAll, TaskStep::Recipients) => {
            draft.all = true;
            draft.chosen.clear();
            draft.step = TaskStep::Text;
        }
        (Callback::TaskMember { account }, TaskStep::Recipients) => {
            if let Some(i) = draft.chosen.iter().position(|a| *a == account) {
                draft.chosen.remove(i);
            } else {
                draft.chosen.push(account);
            }
            turn.set(State::NewTask(draft.clone())).await?;
            recipients(turn, &draft).await?;
            return Ok(None);
        }
        (Callback::TaskDone, TaskStep::Recipients) => {
            draft.all = draft.chosen.is_empty();
            draft.step = TaskStep::Text;
        }
        (Callback::NoDeadline, TaskStep::Deadline) => {
            create(turn, draft, None, None).await?;
            return Ok(None);
        }
        _ => return Ok(Some(turn.t("stale").to_owned())),
    }
    turn.set(State::NewTask(draft)).await?;
    turn.say_with(turn.t("task.ask.text"), cancel_only(turn))
        .await?;
    Ok(None)
}

/// The text, then the deadline.
pub async fn task_text(turn: &Turn, mut draft: TaskDraft, text: &str) -> Handled {
    let value = text.trim();
    match draft.step {
        TaskStep::Recipients => recipients(turn, &draft).await,
        TaskStep::Text => {
            if value.is_empty() || value.chars().count() > MAX_TEXT {
                turn.say_with(turn.t("task.ask.text"), cancel_only(turn))
                    .await?;
                return Ok(());
            }
            draft.text = Some(value.to_owned());
            draft.step = TaskStep::Deadline;
            turn.set(State::NewTask(draft)).await?;
            let buttons = InlineKeyboardMarkup::new(vec![vec![
                InlineKeyboardButton::callback(
                    turn.t("btn.no_deadline"),
                    Callback::NoDeadline.encode(),
                ),
                InlineKeyboardButton::callback(turn.t("btn.cancel"), Callback::Cancel.encode()),
            ]]);
            turn.say_with(turn.t("task.ask.deadline"), buttons).await?;
            Ok(())
        }
        TaskStep::Deadline => match parse_deadline(value) {
            Some((date, time)) => create(turn, draft, Some(date), time).await,
            None => {
                turn.say(turn.t("task.bad_deadline")).await?;
                Ok(())
            }
        },
    }
}

/// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` (Almaty time).
pub fn parse_deadline(text: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let mut parts = text.split_whitespace();
    let date = NaiveDate::parse_from_str(parts.next()?, "%Y-%m-%d").ok()?;
    let time = match parts.next() {
        Some(t) => Some(NaiveTime::parse_from_str(t, "%H:%M").ok()?),
        None => None,
    };
    parts.next().is_none().then_some((date, time))
}

async fn create(
    turn: &Turn,
    draft: TaskDraft,
    date: Option<NaiveDate>,
    time: Option<NaiveTime>,
) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    let new = NewTask {
        text: draft.text.clone().unwrap_or_default(),
        deadline_date: date,
        start_time: None,
        end_time: time,
        assignees: (!draft.all).then(|| draft.chosen.clone()),
    };
    turn.set(State::Idle).await?;
    match turn
        .services
        .commands
        .create_task(&turn.context(account), draft.project, new)
        .await
    {
        Ok(_) => {
            turn.say(turn.t("task.created")).await?;
            Ok(())
        }
        Err(e) => turn.refuse(e).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_are_a_date_with_an_optional_time() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 24).expect("a date");
        assert_eq!(parse_deadline("2026-12-24"), Some((date, None)));
        assert_eq!(
            parse_deadline("2026-12-24 18:30"),
            Some((date, NaiveTime::from_hms_opt(18, 30, 0)))
        );
        assert_eq!(parse_deadline("24.12.2026"), None);
        assert_eq!(parse_deadline("2026-12-24 18:30 extra"), None);
    }
}
