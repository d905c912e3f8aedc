//! The dptree schema and the dispatcher. teloxide checks the wiring only when the dispatcher is
//! built, so a test builds it with the real dependencies.

use std::sync::Arc;

use teloxide::dispatching::dialogue::{self, ErasedStorage};
use teloxide::dispatching::{DefaultKey, UpdateHandler};
use teloxide::prelude::*;

use crate::handlers;
use crate::state::State;
use crate::{Services, TgBot};

/// The update tree: every update enters its chat's dialogue (state from PostgreSQL), then
/// messages and button presses go to their routers.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    dialogue::enter::<Update, ErasedStorage<State>, State, _>()
        .branch(Update::filter_message().endpoint(handlers::on_message))
        .branch(Update::filter_callback_query().endpoint(handlers::on_callback))
}

/// The dispatcher over `schema()` with its dependencies. Updates of one chat run in order (the
/// default key), so a report draft's photos of one album are added one after another.
pub fn dispatcher(
    bot: TgBot,
    services: Arc<Services>,
    storage: Arc<ErasedStorage<State>>,
) -> Dispatcher<TgBot, anyhow::Error, DefaultKey> {
    Dispatcher::builder(bot, schema())
        .dependencies(dptree::deps![services, storage])
        .default_handler(|update| async move {
            tracing::debug!(update = update.id.0, "an update the bot does not handle");
        })
        .error_handler(LoggingErrorHandler::with_custom_text(
            "a bot handler failed",
        ))
        .build()
}
