//! The moderation queue as cards (the report's photos as an album, then a message with
//! ★1…★5 / no points / reject), the comment a ★≤3 approval needs (an empty one refused), the
//! reason a rejection needs. A second tap on a decided report answers "already moderated" and
//! appends nothing (the assignment's stream decides, whoever taps first).

use birqadam_commands::{CommandError, DomainError};
use birqadam_domain::assignment::AssignmentError;
use birqadam_photos::PhotoSize;
use birqadam_projections::Keyset;
use birqadam_projections::queries::ReportRow;
use birqadam_telegram::callback::{Callback, Moderation};
use birqadam_telegram::limits;
use birqadam_texts::{bot_text_with, problem_title};
use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, InputFile, InputMedia, InputMediaPhoto,
};
use uuid::Uuid;

use super::{Handled, signed_in};
use crate::state::State;
use crate::turn::{Turn, user_text};

/// Cards shown by one `/queue`.
const SHOWN: i64 = 5;

/// `/queue`: the oldest pending reports of my projects (all projects for an admin).
pub async fn queue(turn: &Turn) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    if !Turn::is_organizer(account) {
        turn.say(turn.t("need.organizer")).await?;
        return Ok(());
    }
    let page = turn
        .services
        .queries
        .moderation_queue_for(
            &turn.viewer(account),
            Some("pending".to_owned()),
            None,
            &Keyset::first(SHOWN),
        )
        .await?;
    if page.items.is_empty() {
        turn.say(turn.t("queue.empty")).await?;
        return Ok(());
    }
    for report in &page.items {
        card(turn, report).await?;
    }
    Ok(())
}

/// The buttons of a report card (the notifier's card carries the same).
pub fn buttons(turn: &Turn, report: Uuid) -> InlineKeyboardMarkup {
    let stars = (1..=5u8)
        .map(|n| {
            let decision = Moderation::Stars(n);
            InlineKeyboardButton::callback(
                format!("★{n}"),
                Callback::Moderate { report, decision }.encode(),
            )
        })
        .collect();
    InlineKeyboardMarkup::new(vec![
        stars,
        vec![
            InlineKeyboardButton::callback(
                turn.t("btn.no_points"),
                Callback::Moderate {
                    report,
                    decision: Moderation::NoPoints,
                }
                .encode(),
            ),
            InlineKeyboardButton::callback(
                turn.t("btn.reject"),
                Callback::Moderate {
                    report,
                    decision: Moderation::Reject,
                }
                .encode(),
            ),
        ],
    ])
}

async fn card(turn: &Turn, report: &ReportRow) -> Handled {
    let mut media = Vec::new();
    for photo in report.photos.as_array().into_iter().flatten() {
        let Some(sha256) = photo["sha256"].as_str() else {
            continue;
        };
        if let Some(bytes) = turn
            .services
            .commands
            .photo_bytes(sha256, PhotoSize::Full)
            .await?
        {
            media.push(InputFile::memory(bytes).file_name(format!("{sha256}.jpg")));
        }
    }
    match media.len() {
        0 => {}
        1 => {
            let photo = media.remove(0);
            turn.bot.send_photo(turn.chat, photo).await?;
        }
        _ => {
            let album = media
                .into_iter()
                .map(|m| InputMedia::Photo(InputMediaPhoto::new(m)));
            turn.bot.send_media_group(turn.chat, album).await?;
        }
    }
    let task = turn
        .services
        .queries
        .task(report.task_id)
        .await?
        .map(|t| t.text)
        .unwrap_or_default();
    let text = bot_text_with(
        "queue.card",
        turn.lang,
        &[
            (
                "volunteer",
                &user_text(report.volunteer_name.as_deref().unwrap_or("—"), 100),
            ),
            ("task", &user_text(&task, 500)),
            (
                "comment",
                &user_text(report.comment.as_deref().unwrap_or("—"), 2000),
            ),
        ],
    );
    turn.say_with(&text, buttons(turn, report.id)).await?;
    Ok(())
}

fn already(turn: &Turn) -> String {
    problem_title("report.already_moderated", turn.lang)
        .unwrap_or("—")
        .to_owned()
}

/// A press on a card: ★4/★5 and "no points" approve at once; ★≤3 asks for the comment and
/// reject for the reason (a decided report answers "already moderated" before asking).
pub async fn decide(
    turn: &Turn,
    report: Uuid,
    decision: Moderation,
) -> anyhow::Result<Option<String>> {
    let Some(account) = signed_in(turn).await? else {
        return Ok(None);
    };
    let pending = turn
        .services
        .queries
        .report(report)
        .await?
        .is_some_and(|r| r.status == "pending");
    match decision {
        Moderation::Stars(stars) if stars <= 3 => {
            if !pending {
                return Ok(Some(already(turn)));
            }
            turn.set(State::ModerationComment { report, stars }).await?;
            let text = bot_text_with(
                "moderation.comment",
                turn.lang,
                &[("stars", &stars.to_string())],
            );
            turn.say(&text).await?;
            Ok(None)
        }
        Moderation::Reject => {
            if !pending {
                return Ok(Some(already(turn)));
            }
            turn.set(State::RejectReason { report }).await?;
            turn.say(turn.t("moderation.reason")).await?;
            Ok(None)
        }
        Moderation::Stars(stars) => approve(turn, account, report, Some(stars), None)
            .await
            .map(|d| Some(d.text())),
        Moderation::NoPoints => approve(turn, account, report, None, None)
            .await
            .map(|d| Some(d.text())),
    }
}

/// How an approval went.
enum Decided {
    /// Approved (the words already sent).
    Done(String),
    /// Refused (the problem's title, not yet sent).
    Refused(String),
}

impl Decided {
    fn text(self) -> String {
        match self {
            Self::Done(text) | Self::Refused(text) => text,
        }
    }
}

async fn approve(
    turn: &Turn,
    account: &birqadam_projections::queries::AccountRow,
    report: Uuid,
    stars: Option<u8>,
    comment: Option<String>,
) -> anyhow::Result<Decided> {
    let approved = turn
        .services
        .commands
        .approve_report(&turn.context(account), report, stars, comment)
        .await;
    match approved {
        Ok(()) => {
            let text = match stars {
                Some(stars) => bot_text_with(
                    "moderation.approved",
                    turn.lang,
                    &[("stars", &stars.to_string())],
                ),
                None => turn.t("moderation.approved_no_points").to_owned(),
            };
            turn.say(&text).await?;
            Ok(Decided::Done(text))
        }
        // whoever tapped second, the report is decided: one answer for both refusals
        Err(CommandError::Rejected(DomainError::Assignment(
            AssignmentError::AlreadyApproved | AssignmentError::AlreadyModerated,
        ))) => Ok(Decided::Refused(already(turn))),
        Err(e) => turn
            .refusal(&e)
            .map(Decided::Refused)
            .ok_or_else(|| e.into()),
    }
}

/// The comment of a ★≤3 approval (an empty one is refused and asked again).
pub async fn comment(turn: &Turn, report: Uuid, stars: u8, text: &str) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    let comment = text.trim();
    if comment.is_empty() {
        turn.say(turn.t("moderation.comment_empty")).await?;
        return Ok(());
    }
    turn.set(State::Idle).await?;
    let comment = birqadam_telegram::html::cut(comment, limits::CAPTION).into_owned();
    if let Decided::Refused(text) =
        approve(turn, account, report, Some(stars), Some(comment)).await?
    {
        turn.say(&birqadam_telegram::html::escape(&text)).await?;
    }
    Ok(())
}

/// The reason of a rejection.
pub async fn reason(turn: &Turn, report: Uuid, text: &str) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    let reason = text.trim();
    if reason.is_empty() {
        turn.say(turn.t("moderation.reason")).await?;
        return Ok(());
    }
    turn.set(State::Idle).await?;
    let reason = birqadam_telegram::html::cut(reason, limits::CAPTION).into_owned();
    match turn
        .services
        .commands
        .reject_report(&turn.context(account), report, reason)
        .await
    {
        Ok(()) => {
            turn.say(turn.t("moderation.rejected")).await?;
            Ok(())
        }
        Err(e) => turn.refuse(e).await,
    }
}
