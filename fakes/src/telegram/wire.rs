//! The Bot API's wire: reading a request's parameters (JSON or multipart) and Telegram's answer
//! bodies (`ok`, errors, 429 with `retry_after`, 403 blocked, `getMe`).

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use serde_json::{Map, Value, json};

use super::server::{BOT_ID, BOT_USERNAME};

pub(super) fn me() -> Value {
    json!({
        "id": BOT_ID, "is_bot": true, "first_name": "BirQadam", "username": BOT_USERNAME,
        "can_join_groups": false, "can_read_all_group_messages": false,
        "supports_inline_queries": false, "can_connect_to_business": false,
        "has_main_web_app": false,
    })
}

pub(super) fn ok(result: Value) -> Value {
    json!({"ok": true, "result": result})
}

pub(super) fn error(status: u16, description: &str) -> Value {
    json!({"ok": false, "error_code": status, "description": description})
}

pub(super) fn too_many(seconds: u32) -> Value {
    json!({
        "ok": false, "error_code": 429,
        "description": format!("Too Many Requests: retry after {seconds}"),
        "parameters": {"retry_after": seconds},
    })
}

pub(super) fn blocked_body() -> Value {
    error(403, "Forbidden: bot was blocked by the user")
}

/// Reads a JSON, form or multipart body into one JSON object.
pub(super) async fn read_params(request: Request) -> Value {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with("multipart/form-data") {
        let Ok(mut multipart) = Multipart::from_request(request, &()).await else {
            return Value::Null;
        };
        let mut fields = Map::new();
        while let Ok(Some(field)) = multipart.next_field().await {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let bytes = field.bytes().await.unwrap_or_default();
            let value = match file_name {
                Some(file) => json!(format!("<file {file}, {} bytes>", bytes.len())),
                None => parse_field(&String::from_utf8_lossy(&bytes)),
            };
            fields.insert(name, value);
        }
        return Value::Object(fields);
    }
    let bytes = axum::body::to_bytes(request.into_body(), 64 << 20)
        .await
        .unwrap_or_default();
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

/// A multipart text field: JSON objects and arrays (`reply_markup`, `media`) parsed, the rest kept.
pub(super) fn parse_field(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(value @ (Value::Object(_) | Value::Array(_))) => value,
        _ => json!(text),
    }
}

pub(super) fn as_i64(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
}
