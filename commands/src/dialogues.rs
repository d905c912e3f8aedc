//! The bot's dialogue state (operational state, not events): one JSON document per chat in
//! `bot_dialogues`, on the app's pool. The bot serialises its own state type; this store only
//! keeps the document.

use serde_json::Value;
use sqlx::PgPool;

use crate::Commands;

/// The store's error (the database's).
pub type StoreError = sqlx::Error;

/// Reads and writes the dialogue state of a chat.
#[derive(Clone)]
pub struct DialogueStore {
    pool: PgPool,
}

impl DialogueStore {
    /// The state of `chat_id`, if a dialogue is under way.
    pub async fn get(&self, chat_id: i64) -> Result<Option<Value>, StoreError> {
        sqlx::query_scalar("select state from bot_dialogues where chat_id = $1")
            .bind(chat_id)
            .fetch_optional(&self.pool)
            .await
    }

    /// Stores the state of `chat_id` (insert or replace).
    pub async fn put(&self, chat_id: i64, state: &Value) -> Result<(), StoreError> {
        sqlx::query(
            "insert into bot_dialogues (chat_id, state) values ($1, $2)
             on conflict (chat_id) do update set state = excluded.state, updated_at = now()",
        )
        .bind(chat_id)
        .bind(state)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Ends the dialogue of `chat_id`; returns whether there was one.
    pub async fn remove(&self, chat_id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("delete from bot_dialogues where chat_id = $1")
            .bind(chat_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}

impl Commands {
    /// The bot's dialogue store on the app's pool.
    pub fn dialogues(&self) -> DialogueStore {
        DialogueStore {
            pool: self.inner.pool.clone(),
        }
    }
}
