//! The identity rules of the Telegram bot (docs/decisions/0022), built around
//! [`Commands::link_telegram`]: a contact card Telegram vouched for (its `user_id` is the sender,
//! checked by the bot) registers a new account with a **verified** phone, or links the account
//! whose phone was verified; an account that only *typed* the number is never linked by it — its
//! owner proves control with `/link CODE`, or the verified owner takes the number.

use std::collections::BTreeSet;

use birqadam_domain::account::{Account, AccountCommand, RegistrationSource};
use birqadam_domain::identity_claim::IdentityKind;
use birqadam_domain::values::{Language, PersonName, PhoneNumber};
use birqadam_domain::{Actor, Role};
use uuid::Uuid;

use crate::store::{self, Outcome};
use crate::{CommandContext, CommandError, Commands, DomainError};

/// A contact card Telegram vouched for: the sender's own number.
#[derive(Debug, Clone)]
pub struct TelegramContact {
    /// The number, parsed by the one `PhoneNumber::parse`.
    pub phone: PhoneNumber,
    /// The name on the card.
    pub name: PersonName,
    /// The person's language.
    pub language: Language,
}

/// What a vouched contact did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TelegramSignIn {
    /// A new account with the verified phone, linked to this Telegram.
    Registered {
        /// The new account.
        account: Uuid,
    },
    /// The account whose phone was verified is now linked to this Telegram.
    Linked {
        /// The account.
        account: Uuid,
        /// Its display name.
        name: String,
    },
    /// This Telegram was linked already (its phone confirmed if it is this number).
    AlreadyLinked {
        /// The account.
        account: Uuid,
        /// Its display name.
        name: String,
    },
    /// The number's verified owner is linked to another Telegram.
    NumberLinkedElsewhere,
    /// An account lists the number without having confirmed it: nothing was done (the person
    /// may `/link CODE` that account, or take the number).
    UnverifiedClaim,
}

impl Commands {
    /// Signs a Telegram user in with their own contact card (the rules of decision 0022).
    #[tracing::instrument(skip_all, err)]
    pub async fn sign_in_with_contact(
        &self,
        ctx: &CommandContext,
        telegram_id: i64,
        contact: TelegramContact,
    ) -> Result<TelegramSignIn, CommandError> {
        if let Some(owner) = self
            .owner_of(IdentityKind::Telegram, &telegram_id.to_string())
            .await?
        {
            let (account, _) = store::load::<Account>(&self.inner.pool, &owner.to_string()).await?;
            if account.phone() == Some(&contact.phone) && !account.phone_verified() {
                self.verify_phone(&as_account(ctx, owner, &account), owner, &contact.phone)
                    .await?;
            }
            let name = self.name_of(owner).await?;
            return Ok(TelegramSignIn::AlreadyLinked {
                account: owner,
                name,
            });
        }
        let Some(owner) = self
            .owner_of(IdentityKind::Phone, contact.phone.as_str())
            .await?
        else {
            let account = self
                .register_from_telegram(ctx, telegram_id, contact)
                .await?;
            return Ok(TelegramSignIn::Registered { account });
        };
        let (account, _) = store::load::<Account>(&self.inner.pool, &owner.to_string()).await?;
        if !account.phone_verified() {
            return Ok(TelegramSignIn::UnverifiedClaim);
        }
        if account.telegram_id().is_some() {
            return Ok(TelegramSignIn::NumberLinkedElsewhere);
        }
        self.link_telegram(&as_account(ctx, owner, &account), owner, telegram_id)
            .await?;
        let name = self.name_of(owner).await?;
        Ok(TelegramSignIn::Linked {
            account: owner,
            name,
        })
    }

    /// The verified owner takes a number an account listed without confirming it: that account
    /// loses the number (`PhoneReclaimed`, it keeps everything else) and the owner gets an
    /// account of their own with the verified number. A verified number is refused.
    #[tracing::instrument(skip_all, err)]
    pub async fn take_verified_number(
        &self,
        ctx: &CommandContext,
        telegram_id: i64,
        contact: TelegramContact,
    ) -> Result<Uuid, CommandError> {
        if let Some(owner) = self
            .owner_of(IdentityKind::Phone, contact.phone.as_str())
            .await?
        {
            let (account, _) = store::load::<Account>(&self.inner.pool, &owner.to_string()).await?;
            if account.phone_verified() {
                return Err(DomainError::IdentityTaken(IdentityKind::Phone).into());
            }
            self.account(owner, AccountCommand::ReclaimPhone, ctx)
                .await?;
            self.release(IdentityKind::Phone, contact.phone.as_str(), owner, ctx)
                .await;
        }
        self.register_from_telegram(ctx, telegram_id, contact).await
    }

    /// `/link CODE`: links this Telegram to the account that asked for the code (a valid,
    /// unused, unexpired one; it is used up by a successful link); the account's phone becomes
    /// verified when `vouched` (a contact shared in this chat) is the same number. `None` for a
    /// code that is not valid.
    #[tracing::instrument(skip_all, err)]
    pub async fn link_with_code(
        &self,
        ctx: &CommandContext,
        telegram_id: i64,
        code: &str,
        vouched: Option<PhoneNumber>,
    ) -> Result<Option<String>, CommandError> {
        let owner: Option<Uuid> = sqlx::query_scalar(
            "select account_id from telegram_link_codes
              where code = $1 and used_at is null and expires_at > now()",
        )
        .bind(code)
        .fetch_optional(&self.inner.pool)
        .await?;
        let Some(owner) = owner else {
            return Ok(None);
        };
        let (account, _) = store::load::<Account>(&self.inner.pool, &owner.to_string()).await?;
        let ctx = as_account(ctx, owner, &account);
        self.link_telegram(&ctx, owner, telegram_id).await?;
        sqlx::query("update telegram_link_codes set used_at = now() where code = $1")
            .bind(code)
            .execute(&self.inner.pool)
            .await?;
        if let Some(phone) = vouched
            && account.phone() == Some(&phone)
        {
            self.verify_phone(&ctx, owner, &phone).await?;
        }
        Ok(Some(self.name_of(owner).await?))
    }

    async fn verify_phone(
        &self,
        ctx: &CommandContext,
        account: Uuid,
        phone: &PhoneNumber,
    ) -> Result<(), CommandError> {
        let command = AccountCommand::VerifyPhone {
            phone: phone.clone(),
        };
        self.account(account, command, ctx).await
    }

    async fn name_of(&self, account: Uuid) -> Result<String, CommandError> {
        Ok(self
            .inner
            .queries
            .account(account)
            .await?
            .map(|a| a.name)
            .unwrap_or_default())
    }

    /// A new account from a vouched contact: claims the phone, appends `AccountRegistered`
    /// (source `bot`, no e-mail, no password), `PhoneVerified`, then links the Telegram id.
    async fn register_from_telegram(
        &self,
        ctx: &CommandContext,
        telegram_id: i64,
        contact: TelegramContact,
    ) -> Result<Uuid, CommandError> {
        let id = birqadam_domain::ids::new_id();
        let ctx = ctx.with_actor(Actor::account(id, [Role::Volunteer]));
        let phone = contact.phone.clone();
        self.claim(IdentityKind::Phone, phone.as_str(), id, &ctx)
            .await?;
        let command = AccountCommand::Register {
            name: contact.name,
            email: None,
            phone: Some(phone.clone()),
            language: contact.language,
            roles: BTreeSet::from([Role::Volunteer]),
            source: RegistrationSource::Bot,
        };
        match store::execute(
            &self.inner.accounts,
            &id.to_string(),
            command,
            &self.metadata(&ctx),
        )
        .await
        {
            Ok(Outcome::Done) => {}
            Ok(Outcome::Rejected(e)) => {
                self.release(IdentityKind::Phone, phone.as_str(), id, &ctx)
                    .await;
                return Err(DomainError::from(e).into());
            }
            Err(e) => {
                self.release(IdentityKind::Phone, phone.as_str(), id, &ctx)
                    .await;
                return Err(e);
            }
        }
        self.verify_phone(&ctx, id, &phone).await?;
        self.link_telegram(&ctx, id, telegram_id).await?;
        Ok(id)
    }
}

/// `ctx` acting as `id` with its roles.
fn as_account(ctx: &CommandContext, id: Uuid, account: &Account) -> CommandContext {
    ctx.with_actor(Actor::account(id, account.roles().iter().copied()))
}
