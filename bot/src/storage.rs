//! A teloxide `Storage` of our own over the app's pool (`bot_dialogues`, a migration-owned
//! table): teloxide's Postgres storage opens its own pool and is not exported with rustls in
//! 0.17.0 (see the conventions note), so the state goes through the write side's small
//! `DialogueStore` as JSON.

use std::sync::Arc;

use birqadam_commands::dialogues::DialogueStore;
use futures::future::BoxFuture;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

use crate::state::State;

/// Why the dialogue store failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The database failed.
    #[error("dialogue store: {0}")]
    Database(#[from] sqlx_error::Error),
    /// A stored state is not one this bot knows (an older or newer shape).
    #[error("dialogue state does not decode: {0}")]
    Decode(#[from] serde_json::Error),
}

/// The database error type, named without a direct sqlx dependency.
mod sqlx_error {
    pub use birqadam_commands::dialogues::StoreError as Error;
}

/// Dialogue states in PostgreSQL.
pub struct PgStorage {
    store: DialogueStore,
}

impl PgStorage {
    /// A storage over `store`.
    pub fn new(store: DialogueStore) -> Arc<Self> {
        Arc::new(Self { store })
    }
}

impl Storage<State> for PgStorage {
    type Error = StorageError;

    fn remove_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<(), Self::Error>> {
        // removing a dialogue that is not there is fine: /cancel works in every state
        Box::pin(async move {
            self.store.remove(chat_id.0).await?;
            Ok(())
        })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: State,
    ) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            if dialogue == State::Idle {
                self.store.remove(chat_id.0).await?;
            } else {
                self.store
                    .put(chat_id.0, &serde_json::to_value(&dialogue)?)
                    .await?;
            }
            Ok(())
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<Option<State>, Self::Error>> {
        Box::pin(async move {
            match self.store.get(chat_id.0).await? {
                None => Ok(None),
                Some(value) => match serde_json::from_value(value) {
                    Ok(state) => Ok(Some(state)),
                    Err(e) => {
                        // a state from another version: start over rather than fail every update
                        tracing::warn!(chat = chat_id.0, error = %e, "dropping an undecodable dialogue state");
                        Ok(None)
                    }
                },
            }
        })
    }
}
