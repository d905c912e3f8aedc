//! Builders of the updates a Telegram user causes, as the Bot API sends them (`update_id` is set
//! by [`super::FakeBotApi::push_update`]). Users chat privately, so a user's chat id is their id.

use serde_json::{Value, json};

/// A Telegram user of a test.
#[derive(Debug, Clone)]
pub struct TgUser {
    /// The user id (also the private chat's id).
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// The client's language (`ru`, `kk`, `en`).
    pub language_code: String,
}

impl TgUser {
    /// A user with this id, speaking Russian.
    pub fn new(id: i64, first_name: &str) -> TgUser {
        TgUser {
            id,
            first_name: first_name.to_owned(),
            language_code: "ru".to_owned(),
        }
    }

    /// The same user with another client language.
    pub fn speaking(mut self, language_code: &str) -> TgUser {
        self.language_code = language_code.to_owned();
        self
    }

    fn from(&self) -> Value {
        json!({
            "id": self.id, "is_bot": false, "first_name": self.first_name,
            "language_code": self.language_code,
        })
    }

    fn message(&self, message_id: i64, content: Value) -> Value {
        let mut message = json!({
            "message_id": message_id,
            "date": chrono::Utc::now().timestamp(),
            "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
            "from": self.from(),
        });
        if let (Some(target), Value::Object(fields)) = (message.as_object_mut(), content) {
            target.extend(fields);
        }
        json!({ "message": message })
    }

    /// A text message (commands too: `/start p_…`).
    pub fn text(&self, message_id: i64, text: &str) -> Value {
        let mut content = json!({ "text": text });
        if text.starts_with('/') {
            let length = text
                .split_whitespace()
                .next()
                .map_or(0, |c| c.encode_utf16().count());
            content["entities"] = json!([{"type": "bot_command", "offset": 0, "length": length}]);
        }
        self.message(message_id, content)
    }

    /// A shared contact card; `user_id` is whose card it is (`None`: a card without an id).
    pub fn contact(&self, message_id: i64, phone: &str, user_id: Option<i64>) -> Value {
        let mut contact = json!({ "phone_number": phone, "first_name": self.first_name });
        if let Some(user_id) = user_id {
            contact["user_id"] = json!(user_id);
        }
        self.message(message_id, json!({ "contact": contact }))
    }

    /// A photo (one size), optionally part of an album and with a caption.
    pub fn photo(
        &self,
        message_id: i64,
        file_id: &str,
        album: Option<&str>,
        caption: Option<&str>,
    ) -> Value {
        let mut content = json!({"photo": [{
            "file_id": file_id, "file_unique_id": format!("u-{file_id}"),
            "width": 800, "height": 600, "file_size": 1000,
        }]});
        if let Some(album) = album {
            content["media_group_id"] = json!(album);
        }
        if let Some(caption) = caption {
            content["caption"] = json!(caption);
        }
        self.message(message_id, content)
    }

    /// A document (a file sent without compression).
    pub fn document(&self, message_id: i64, file_id: &str, file_name: &str, mime: &str) -> Value {
        self.message(
            message_id,
            json!({"document": {
                "file_id": file_id, "file_unique_id": format!("u-{file_id}"),
                "file_name": file_name, "mime_type": mime, "file_size": 1000,
            }}),
        )
    }

    /// A press on an inline button of the bot's message `message_id`.
    pub fn callback(&self, query_id: &str, message_id: i64, data: &str) -> Value {
        json!({"callback_query": {
            "id": query_id,
            "from": self.from(),
            "chat_instance": format!("ci-{}", self.id),
            "data": data,
            "message": {
                "message_id": message_id,
                "date": chrono::Utc::now().timestamp(),
                "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
                "from": {"id": super::server::BOT_ID, "is_bot": true, "first_name": "BirQadam"},
                "text": "…",
            },
        }})
    }
}
