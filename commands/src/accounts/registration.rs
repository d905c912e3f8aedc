//! Registration: identity claims first, then the account; the claims are released on failure.
//!
//! Everything that can fail (the password hash, the claims, the credentials, the tokens) happens
//! before `AccountRegistered` is appended, and nothing that can fail comes after it: a registration
//! whose event was appended is always answered as a success, from the values it appended (see
//! docs/decisions/0012), never from a view that may lag behind.

use birqadam_projections::Chain;
use std::collections::BTreeSet;

use birqadam_domain::account::{Account, AccountCommand, RegistrationSource};
use birqadam_domain::identity_claim::IdentityKind;
use birqadam_domain::values::{Email, Language, Password, PersonName, PhoneNumber};
use birqadam_domain::{Actor, Role};
use chrono::{DateTime, SubsecRound, Utc};
use cqrs_es::Aggregate;
use uuid::Uuid;

use crate::auth::SessionKind;
use crate::store::{self, Outcome};
use crate::{CommandContext, CommandError, Commands, DomainError, Tokens};

/// A registration request, already parsed into domain values.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Display name.
    pub name: PersonName,
    /// E-mail (the login).
    pub email: Email,
    /// Optional phone (also a login).
    pub phone: Option<PhoneNumber>,
    /// Password as typed.
    pub password: Password,
    /// Interface language.
    pub language: Language,
}

/// A registration that was appended: the values of its `AccountRegistered` event, when it was
/// recorded (its `occurred_at`, the time the accounts view shows as `created_at`), and the
/// session tokens.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The new account's id.
    pub id: Uuid,
    /// Display name.
    pub name: PersonName,
    /// E-mail.
    pub email: Email,
    /// Phone, if given (not verified).
    pub phone: Option<PhoneNumber>,
    /// Interface language.
    pub language: Language,
    /// Roles (always including `volunteer`).
    pub roles: BTreeSet<Role>,
    /// The event's `occurred_at`, in microseconds like the views store it.
    pub registered_at: DateTime<Utc>,
    /// The session.
    pub tokens: Tokens,
}

impl Commands {
    /// Registers an account: hashes the password, claims the e-mail and phone, stores the
    /// credentials, issues the session, then appends `AccountRegistered`; undoes what it did
    /// if anything fails before that append.
    #[tracing::instrument(skip_all, err)]
    pub async fn register(
        &self,
        ctx: &CommandContext,
        new: NewAccount,
    ) -> Result<Registered, CommandError> {
        self.register_with(ctx, new, SessionKind::Rotating).await
    }

    /// Registers like [`Commands::register`], starting a session of `kind` (the legacy door
    /// asks for [`SessionKind::Legacy`], docs/decisions/0019).
    #[tracing::instrument(skip_all, err)]
    pub async fn register_with(
        &self,
        ctx: &CommandContext,
        new: NewAccount,
        kind: SessionKind,
    ) -> Result<Registered, CommandError> {
        let id = birqadam_domain::ids::new_id();
        let roles = BTreeSet::from([Role::Volunteer]);
        let refresh = self.issue_refresh(id, kind).await?;
        let tokens = match self.tokens(id, roles.iter().copied().collect(), refresh.clone()) {
            Ok(tokens) => tokens,
            Err(e) => {
                self.forget_session(id, &refresh).await;
                return Err(e);
            }
        };
        let registered = Registered {
            id,
            name: new.name.clone(),
            email: new.email.clone(),
            phone: new.phone.clone(),
            language: new.language,
            roles,
            registered_at: self.inner.clock.now().trunc_subsecs(6),
            tokens,
        };
        if let Err(e) = self
            .register_account(
                ctx,
                id,
                new,
                RegistrationSource::App,
                registered.roles.clone(),
                registered.registered_at,
            )
            .await
        {
            self.forget_session(id, &refresh).await;
            return Err(e);
        }
        Ok(registered)
    }

    async fn forget_session(&self, id: Uuid, refresh: &str) {
        if let Err(e) = self.inner.refresh.revoke(refresh).await {
            tracing::warn!(%id, error = %Chain(&e), "revoking the session of a failed registration failed");
        }
    }

    /// Claims, credentials and `AccountRegistered` for account `id`, stamped `occurred_at = at`;
    /// returns once the event is appended (and the views have caught up, bounded). An `Err`
    /// means nothing was appended for the account and its claims were released.
    pub(super) async fn register_account(
        &self,
        ctx: &CommandContext,
        id: Uuid,
        new: NewAccount,
        source: RegistrationSource,
        roles: BTreeSet<Role>,
        at: DateTime<Utc>,
    ) -> Result<(), CommandError> {
        let ctx = ctx.with_actor(Actor::account(id, [Role::Volunteer]));
        let hash = self.inner.passwords.hash(new.password.expose()).await?;
        self.claim(IdentityKind::Email, new.email.as_str(), id, &ctx)
            .await?;
        if let Some(phone) = &new.phone
            && let Err(e) = self
                .claim(IdentityKind::Phone, phone.as_str(), id, &ctx)
                .await
        {
            self.release(IdentityKind::Email, new.email.as_str(), id, &ctx)
                .await;
            return Err(e);
        }
        let result = async {
            sqlx::query("insert into credentials (account_id, password_hash) values ($1, $2)")
                .bind(id)
                .bind(&hash)
                .execute(&self.inner.pool)
                .await?;
            let command = AccountCommand::Register {
                name: new.name.clone(),
                email: Some(new.email.clone()),
                phone: new.phone.clone(),
                language: new.language,
                roles,
                source,
            };
            let mut metadata = self.metadata(&ctx);
            metadata.insert("occurred_at".to_owned(), at.to_rfc3339());
            match store::execute(&self.inner.accounts, &id.to_string(), command, &metadata).await? {
                Outcome::Done => Ok(()),
                Outcome::Rejected(e) => Err(CommandError::from(DomainError::from(e))),
            }
        }
        .await;
        if let Err(e) = result {
            let cleanup = sqlx::query("delete from credentials where account_id = $1")
                .bind(id)
                .execute(&self.inner.pool)
                .await;
            if let Err(cleanup) = cleanup {
                tracing::warn!(%id, error = %Chain(&cleanup), "removing the credentials of a failed registration failed");
            }
            self.release(IdentityKind::Email, new.email.as_str(), id, &ctx)
                .await;
            if let Some(phone) = &new.phone {
                self.release(IdentityKind::Phone, phone.as_str(), id, &ctx)
                    .await;
            }
            return Err(e);
        }
        // appended: from here on nothing may fail; the wait for the views is bounded and silent
        self.caught_up(Account::TYPE, &id.to_string()).await;
        Ok(())
    }
}
