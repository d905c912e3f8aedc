//! A photo report: 1–5 photos, one by one or as an album (each album item is its own update,
//! handled in order per chat), kept as a durable draft in the dialogue state with
//! "Send (n/5) / Add comment / Cancel"; a 6th photo is refused. On Send the photos are fetched
//! with `getFile` and go through the same photo intake as the API (content check, EXIF strip,
//! limits). My reports and their state.

use birqadam_domain::assignment::MAX_PHOTOS;
use birqadam_projections::Keyset;
use birqadam_telegram::callback::Callback;
use birqadam_texts::bot_text_with;
use bytes::Bytes;
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{FileId, InlineKeyboardButton, InlineKeyboardMarkup};
use uuid::Uuid;

use super::{Handled, signed_in};
use crate::state::{DraftPhoto, ReportDraft, State};
use crate::turn::{Turn, user_text};

/// The longest comment kept (the domain's limit applies on submission).
const COMMENT: usize = 2000;

/// Starts a draft for an accepted task.
pub async fn start(turn: &Turn, task: Uuid) -> Handled {
    if signed_in(turn).await?.is_none() {
        return Ok(());
    }
    turn.set(State::Report(ReportDraft {
        task,
        photos: Vec::new(),
        comment: None,
        awaiting_comment: false,
    }))
    .await?;
    turn.say(turn.t("report.start")).await?;
    Ok(())
}

fn draft_buttons(turn: &Turn, count: usize) -> InlineKeyboardMarkup {
    let send = bot_text_with("btn.send", turn.lang, &[("n", &count.to_string())]);
    InlineKeyboardMarkup::new(vec![
        vec![InlineKeyboardButton::callback(
            send,
            Callback::ReportSend.encode(),
        )],
        vec![
            InlineKeyboardButton::callback(turn.t("btn.comment"), Callback::ReportComment.encode()),
            InlineKeyboardButton::callback(turn.t("btn.cancel"), Callback::Cancel.encode()),
        ],
    ])
}

/// A photo, or a document: kept in the draft when it is an image and there is room.
pub async fn media(turn: &Turn, message: &Message, state: State) -> Handled {
    let State::Report(mut draft) = state else {
        turn.say(turn.t("report.no_draft")).await?;
        return Ok(());
    };
    let photo = if let Some(sizes) = message.photo() {
        sizes
            .iter()
            .max_by_key(|s| s.width * s.height)
            .map(|s| DraftPhoto {
                file_id: s.file.id.0.clone(),
                unique_id: s.file.unique_id.0.clone(),
            })
    } else {
        message
            .document()
            .filter(|d| d.mime_type.as_ref().is_some_and(|m| m.type_() == "image"))
            .map(|d| DraftPhoto {
                file_id: d.file.id.0.clone(),
                unique_id: d.file.unique_id.0.clone(),
            })
    };
    let Some(photo) = photo else {
        turn.say(turn.t("report.not_image")).await?;
        return Ok(());
    };
    if draft.photos.iter().any(|p| p.unique_id == photo.unique_id) {
        return Ok(());
    }
    if draft.photos.len() >= MAX_PHOTOS {
        turn.say(turn.t("report.too_many")).await?;
        return Ok(());
    }
    draft.photos.push(photo);
    if let Some(caption) = message.caption().map(str::trim).filter(|c| !c.is_empty()) {
        draft.comment = Some(caption.to_owned());
    }
    let count = draft.photos.len();
    turn.set(State::Report(draft)).await?;
    let text = bot_text_with("report.added", turn.lang, &[("n", &count.to_string())]);
    turn.say_with(&text, draft_buttons(turn, count)).await?;
    Ok(())
}

/// A text while a draft is open: its comment.
pub async fn text(turn: &Turn, mut draft: ReportDraft, text: &str) -> Handled {
    let comment = text.trim();
    if comment.is_empty() {
        turn.say(turn.t("report.comment_prompt")).await?;
        return Ok(());
    }
    draft.comment = Some(birqadam_telegram::html::cut(comment, COMMENT).into_owned());
    draft.awaiting_comment = false;
    let count = draft.photos.len();
    turn.set(State::Report(draft)).await?;
    turn.say_with(turn.t("report.comment_saved"), draft_buttons(turn, count))
        .await?;
    Ok(())
}

/// "Add comment".
pub async fn ask_comment(turn: &Turn, state: State) -> anyhow::Result<Option<String>> {
    let State::Report(mut draft) = state else {
        return Ok(Some(turn.t("stale").to_owned()));
    };
    draft.awaiting_comment = true;
    turn.set(State::Report(draft)).await?;
    turn.say(turn.t("report.comment_prompt")).await?;
    Ok(None)
}

/// "Send (n/5)": fetches the photos and submits the report.
pub async fn send(turn: &Turn, state: State) -> anyhow::Result<Option<String>> {
    let State::Report(draft) = state else {
        return Ok(Some(turn.t("stale").to_owned()));
    };
    let Some(account) = signed_in(turn).await? else {
        return Ok(None);
    };
    if draft.photos.is_empty() {
        return Ok(Some(turn.t("report.need_photo").to_owned()));
    }
    let mut files = Vec::with_capacity(draft.photos.len());
    for photo in &draft.photos {
        files.push(download(turn, &photo.file_id).await?);
    }
    let count = files.len();
    let submitted = turn
        .services
        .commands
        .submit_report(
            &turn.context(account),
            draft.task,
            files,
            draft.comment.clone(),
        )
        .await;
    match submitted {
        Ok(_) => {
            turn.set(State::Idle).await?;
            let text = bot_text_with("report.sent", turn.lang, &[("n", &count.to_string())]);
            turn.say(&text).await?;
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

async fn download(turn: &Turn, file_id: &str) -> anyhow::Result<Bytes> {
    let file = turn.bot.get_file(FileId(file_id.to_owned())).await?;
    let mut bytes = Vec::new();
    turn.bot.download_file(&file.path, &mut bytes).await?;
    Ok(Bytes::from(bytes))
}

/// `/reports`: my latest reports and their state.
pub async fn list(turn: &Turn) -> Handled {
    let Some(account) = signed_in(turn).await? else {
        return Ok(());
    };
    let reports = turn
        .services
        .queries
        .my_reports(account.id, &Keyset::first(10))
        .await?;
    if reports.items.is_empty() {
        turn.say(turn.t("reports.empty")).await?;
        return Ok(());
    }
    let mut text = turn.t("reports.title").to_owned();
    for report in reports.items {
        let task = turn
            .services
            .queries
            .task(report.task_id)
            .await?
            .map(|t| t.text)
            .unwrap_or_default();
        let status = match report.status.as_str() {
            "approved" => turn.t("report.status.approved"),
            "rejected" => turn.t("report.status.rejected"),
            _ => turn.t("report.status.pending"),
        };
        let stars = report.stars.map(|s| format!(" ★{s}")).unwrap_or_default();
        text.push_str(&format!("\n• {} — {status}{stars}", user_text(&task, 80)));
        if let Some(reason) = &report.rejection_reason {
            text.push_str(&format!(" ({})", user_text(reason, 200)));
        }
    }
    turn.say(&text).await?;
    Ok(())
}
