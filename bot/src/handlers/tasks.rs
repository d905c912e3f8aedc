//! My tasks with Accept/Decline (and Report once accepted); rating, level, rank, achievements
//! and the top 10.

use birqadam_domain::account::level_for;
use birqadam_projections::Keyset;
use birqadam_projections::queries::MyTaskRow;
use birqadam_telegram::callback::Callback;
use birqadam_texts::bot_text_with;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use uuid::Uuid;

use super::{Handled, signed_in};
use crate::state::{ReportDraft, State};
use crate::turn::{Turn, user_text};

/// Tasks shown by `/tasks` (each is its own message with its buttons).
const SHOWN: i64 = 5;

/// `/tasks`: the newest tasks, each with the buttons its state allows.
pub async fn list(turn: &Turn) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    let tasks = turn
        .services
        .queries
        .my_tasks(account.id, &Keyset::first(SHOWN))
        .await?;
    if tasks.items.is_empty() {
        turn.say(turn.t("tasks.empty")).await?;
        return Ok(());
    }
    for task in &tasks.items {
        let project = turn
            .services
            .queries
            .project(task.task.project_id, Some(account.id))
            .await?;
        let title = project.map(|p| p.title).unwrap_or_default();
        let text = task_text(turn, task, &title);
        let buttons = task_buttons(turn, task);
        match buttons {
            Some(buttons) => turn.say_with(&text, buttons).await?,
            None => turn.say(&text).await?,
        };
    }
    Ok(())
}

fn task_text(turn: &Turn, task: &MyTaskRow, project: &str) -> String {
    let deadline = match (task.task.deadline_date, task.task.end_time) {
        (Some(date), Some(time)) => format!("{date} {}", time.format("%H:%M")),
        (Some(date), None) => date.to_string(),
        _ => turn.t("task.no_deadline").to_owned(),
    };
    let status = task
        .assignment_status
        .clone()
        .unwrap_or_else(|| "offered".to_owned());
    bot_text_with(
        "task.card",
        turn.lang,
        &[
            ("text", &user_text(&task.task.text, 2000)),
            ("project", &user_text(project, 200)),
            ("deadline", &deadline),
            ("status", &status),
        ],
    )
}

fn task_buttons(turn: &Turn, task: &MyTaskRow) -> Option<InlineKeyboardMarkup> {
    if task.task.status != "open" {
        return None;
    }
    let id = task.task.id;
    match task.assignment_status.as_deref() {
        None | Some("offered") => Some(InlineKeyboardMarkup::new(vec![vec![
            InlineKeyboardButton::callback(
                turn.t("btn.accept"),
                Callback::Accept { task: id }.encode(),
            ),
            InlineKeyboardButton::callback(
                turn.t("btn.decline"),
                Callback::Decline { task: id }.encode(),
            ),
        ]])),
        Some("accepted") | Some("rejected") => Some(InlineKeyboardMarkup::new(vec![vec![
            InlineKeyboardButton::callback(
                turn.t("btn.report"),
                Callback::Report { task: id }.encode(),
            ),
        ]])),
        _ => None,
    }
}

/// Accept: the report draft starts right away (send the photos next).
pub async fn accept(turn: &Turn, task: Uuid) -> anyhow::Result<Option<String>> {
    let Some(account) = signed_in(turn).await? else {
        return Ok(None);
    };
    match turn
        .services
        .commands
        .accept_task(&turn.context(account), task)
        .await
    {
        Ok(()) => {
            turn.set(State::Report(ReportDraft {
                task,
                photos: Vec::new(),
                comment: None,
                awaiting_comment: false,
            }))
            .await?;
            turn.say(turn.t("task.accepted")).await?;
            Ok(None)
        }
        Err(e) => turn.refusal(&e).map(Some).ok_or_else(|| e.into()),
    }
}

/// Decline.
pub async fn decline(turn: &Turn, task: Uuid) -> anyhow::Result<Option<String>> {
    let Some(account) = signed_in(turn).await? else {
        return Ok(None);
    };
    match turn
        .services
        .commands
        .decline_task(&turn.context(account), task)
        .await
    {
        Ok(()) => {
            turn.say(turn.t("task.declined")).await?;
            Ok(None)
        }
        Err(e) => turn.refusal(&e).map(Some).ok_or_else(|| e.into()),
    }
}

/// `/rating`: points, level, rank and unlocked achievements.
pub async fn rating(turn: &Turn) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    let queries = &turn.services.queries;
    let rank = queries.my_rank("all", account.id).await?;
    let rating = u32::try_from(account.rating).unwrap_or_default();
    let mut text = bot_text_with(
        "rating",
        turn.lang,
        &[
            ("rating", &rating.to_string()),
            ("level", &level_for(rating).to_string()),
            (
                "rank",
                &rank.map_or_else(|| "—".to_owned(), |r| r.rank.to_string()),
            ),
        ],
    );
    let unlocked: Vec<String> = queries
        .achievements(Some(account.id))
        .await?
        .into_iter()
        .filter(|a| a.unlocked_at.is_some())
        .map(|a| {
            let name = a.name[turn.lang.as_str()]
                .as_str()
                .unwrap_or(&a.id)
                .to_owned();
            format!("{} {}", a.icon, user_text(&name, 100))
        })
        .collect();
    if !unlocked.is_empty() {
        text.push_str("\n\n");
        text.push_str(turn.t("rating.achievements"));
        for line in unlocked {
            text.push('\n');
            text.push_str(&line);
        }
    }
    turn.say(&text).await?;
    Ok(())
}

/// `/top`: the top 10 of all time.
pub async fn top(turn: &Turn) -> Handled {
    let rows = turn.services.queries.leaderboard("all", 10).await?;
    if rows.is_empty() {
        turn.say(turn.t("top.empty")).await?;
        return Ok(());
    }
    let mut text = turn.t("top.title").to_owned();
    for row in rows {
        text.push_str(&format!(
            "\n{}. {} — {}",
            row.rank,
            user_text(&row.name, 100),
            row.points
        ));
    }
    turn.say(&text).await?;
    Ok(())
}
