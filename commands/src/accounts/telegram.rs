//! The Telegram link of an account and the reachability of its chat. The identity rules around
//! linking (whose contact, which phone, `/link CODE`) belong to the bot; these are the facts.

use birqadam_domain::account::AccountCommand;
use birqadam_domain::identity_claim::IdentityKind;
use uuid::Uuid;

use crate::{CommandContext, CommandError, Commands};

impl Commands {
    /// Links `account` to the Telegram user `telegram_id`: claims the Telegram identity (one
    /// person, one account: another account's claim is refused with `account.telegram_taken`),
    /// then appends `TelegramLinked`. Linking the same id again changes nothing.
    #[tracing::instrument(skip_all, err)]
    pub async fn link_telegram(
        &self,
        ctx: &CommandContext,
        account: Uuid,
        telegram_id: i64,
    ) -> Result<(), CommandError> {
        let value = telegram_id.to_string();
        self.claim(IdentityKind::Telegram, &value, account, ctx)
            .await?;
        let linked = self
            .account(account, AccountCommand::LinkTelegram { telegram_id }, ctx)
            .await;
        if linked.is_err() {
            self.release(IdentityKind::Telegram, &value, account, ctx)
                .await;
        }
        linked
    }

    /// Records that Telegram refuses messages to the account's chat for good (blocked,
    /// deactivated); a chat already unreachable changes nothing.
    #[tracing::instrument(skip_all, err)]
    pub async fn mark_telegram_unreachable(
        &self,
        ctx: &CommandContext,
        account: Uuid,
        reason: &str,
    ) -> Result<(), CommandError> {
        let reason = reason.to_owned();
        self.account(
            account,
            AccountCommand::MarkTelegramUnreachable { reason },
            ctx,
        )
        .await
    }

    /// Records that the person talks to the bot again; a reachable chat changes nothing.
    #[tracing::instrument(skip_all, err)]
    pub async fn mark_telegram_reachable(
        &self,
        ctx: &CommandContext,
        account: Uuid,
    ) -> Result<(), CommandError> {
        self.account(account, AccountCommand::MarkTelegramReachable, ctx)
            .await
    }
}
