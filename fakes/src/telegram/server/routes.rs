//! The fake Bot API's handlers: a method call answered from the script, the limits and the
//! recorded state (and recorded in the timeline), long polling for updates, file downloads.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::super::wire::{as_i64, blocked_body, error, me, ok, read_params, too_many};
use super::{BOT_ID, BOT_USERNAME, Call, Inner, Scripted, Shared};

pub(super) async fn method(
    State(shared): State<Arc<Shared>>,
    Path((bot, method)): Path<(String, String)>,
    request: Request,
) -> Response {
    let method = method.to_lowercase();
    let token = bot.strip_prefix("bot").unwrap_or(&bot).to_owned();
    let params = read_params(request).await;
    let delay = shared.inner.lock().expect("fake state").delay;
    if !delay.is_zero() && method != "getupdates" {
        tokio::time::sleep(delay).await;
    }
    let (status, body) = if method == "getupdates" {
        (200, ok(get_updates(&shared, &params).await))
    } else {
        answer(&shared, &method, &params)
    };
    let call = Call {
        method,
        token,
        params,
        at: Instant::now(),
        status,
    };
    shared.inner.lock().expect("fake state").calls.push(call);
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn answer(shared: &Shared, method: &str, params: &Value) -> (u16, Value) {
    let mut inner = shared.inner.lock().expect("fake state");
    let scripted = inner.scripts.get_mut(method).and_then(VecDeque::pop_front);
    let blocked = as_i64(&params["chat_id"]).is_some_and(|c| inner.blocked_chats.contains(&c));
    match scripted {
        Some(Scripted::RetryAfter(seconds)) => return (429, too_many(seconds)),
        Some(Scripted::Blocked) => return (403, blocked_body()),
        Some(Scripted::Error(status, description)) => return (status, error(status, &description)),
        None if blocked && method.starts_with("send") => return (403, blocked_body()),
        None => {}
    }
    if method.starts_with("send") && over_limits(&mut inner, as_i64(&params["chat_id"])) {
        return (429, too_many(1));
    }
    let result = match method {
        "getme" => me(),
        "getfile" => {
            let file_id = params["file_id"].as_str().unwrap_or_default();
            match inner.files.get(file_id) {
                Some((path, bytes)) => json!({
                    "file_id": file_id, "file_unique_id": format!("u-{file_id}"),
                    "file_size": bytes.len(), "file_path": path,
                }),
                None => return (400, error(400, "Bad Request: invalid file_id")),
            }
        }
        "sendmediagroup" => {
            let items = params["media"].as_array().cloned().unwrap_or_default();
            let messages = items
                .iter()
                .map(|item| message(shared, params, item))
                .collect();
            Value::Array(messages)
        }
        m if m.starts_with("send") || m.starts_with("edit") || m.starts_with("copy") => {
            message(shared, params, params)
        }
        _ => Value::Bool(true),
    };
    drop(inner);
    (200, ok(result))
}

/// Whether a send now breaks the enforced limits (an accepted send is counted).
fn over_limits(inner: &mut Inner, chat: Option<i64>) -> bool {
    let Some(limits) = inner.limits else {
        return false;
    };
    let now = Instant::now();
    while inner
        .sent
        .front()
        .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
    {
        inner.sent.pop_front();
    }
    let chat_busy = chat
        .and_then(|c| inner.chat_last.get(&c))
        .is_some_and(|last| now.duration_since(*last) < limits.per_chat);
    if inner.sent.len() >= limits.per_second || chat_busy {
        return true;
    }
    inner.sent.push_back(now);
    if let Some(chat) = chat {
        inner.chat_last.insert(chat, now);
    }
    false
}

async fn get_updates(shared: &Shared, params: &Value) -> Value {
    let offset = as_i64(&params["offset"]).unwrap_or(0);
    let timeout = as_i64(&params["timeout"]).unwrap_or(0).clamp(0, 2);
    let deadline = Instant::now() + Duration::from_secs(timeout as u64);
    loop {
        let arrived = shared.arrived.notified();
        {
            let mut inner = shared.inner.lock().expect("fake state");
            inner
                .updates
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            if !inner.updates.is_empty() || Instant::now() >= deadline {
                return Value::Array(inner.updates.iter().cloned().collect());
            }
        }
        let _ = tokio::time::timeout_at(deadline.into(), arrived).await;
    }
}

pub(super) async fn download(
    State(shared): State<Arc<Shared>>,
    Path((_bot, path)): Path<(String, String)>,
) -> Response {
    let inner = shared.inner.lock().expect("fake state");
    match inner.files.values().find(|(p, _)| *p == path) {
        Some((_, bytes)) => (StatusCode::OK, Bytes::from(bytes.clone())).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn message(shared: &Shared, params: &Value, content: &Value) -> Value {
    let chat_id = as_i64(&params["chat_id"]).unwrap_or(0);
    let message_id = as_i64(&params["message_id"])
        .unwrap_or_else(|| shared.next_message_id.fetch_add(1, Ordering::SeqCst));
    let mut message = json!({
        "message_id": message_id,
        "date": chrono::Utc::now().timestamp(),
        "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
        "from": {"id": BOT_ID, "is_bot": true, "first_name": "BirQadam", "username": BOT_USERNAME},
    });
    if let Some(text) = content["text"].as_str() {
        message["text"] = json!(text);
    } else if content.get("photo").is_some() || content["type"] == "photo" {
        let id = format!("sent-{message_id}");
        message["photo"] = json!([{"file_id": id, "file_unique_id": id, "width": 1, "height": 1}]);
        if let Some(caption) = content["caption"].as_str() {
            message["caption"] = json!(caption);
        }
    } else {
        message["text"] = json!("");
    }
    message
}
