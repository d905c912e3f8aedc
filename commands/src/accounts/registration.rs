//! Registration: identity claims first, then the account; the claims are released on failure.

use birqadam_domain::account::{AccountCommand, RegistrationSource};
use birqadam_domain::identity_claim::IdentityKind;
use birqadam_domain::values::{Email, Language, Password, PersonName, PhoneNumber};
use birqadam_domain::{Actor, Role};
use uuid::Uuid;

use crate::{CommandContext, CommandError, Commands, Tokens};

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

impl Commands {
    /// Registers an account: claims the e-mail and phone, stores the password hash, appends
    /// `AccountRegistered`; releases the claims if anything fails after them.
    #[tracing::instrument(skip_all, err)]
    pub async fn register(
        &self,
        ctx: &CommandContext,
        new: NewAccount,
    ) -> Result<(Uuid, Tokens), CommandError> {
        let id =
            Self::register_account(self, ctx, new, RegistrationSource::App, Default::default())
                .await?;
        let refresh = self.inner.refresh.issue(id).await?;
        Ok((id, self.tokens_for(id, refresh).await?))
    }

    pub(super) async fn register_account(
        &self,
        ctx: &CommandContext,
        new: NewAccount,
        source: RegistrationSource,
        roles: std::collections::BTreeSet<Role>,
    ) -> Result<Uuid, CommandError> {
        let id = birqadam_domain::ids::new_id();
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
            self.account(id, command, &ctx).await
        }
        .await;
        if let Err(e) = result {
            let cleanup = sqlx::query("delete from credentials where account_id = $1")
                .bind(id)
                .execute(&self.inner.pool)
                .await;
            if let Err(cleanup) = cleanup {
                tracing::warn!(%id, error = %cleanup, "removing the credentials of a failed registration failed");
            }
            self.release(IdentityKind::Email, new.email.as_str(), id, &ctx)
                .await;
            if let Some(phone) = &new.phone {
                self.release(IdentityKind::Phone, phone.as_str(), id, &ctx)
                    .await;
            }
            return Err(e);
        }
        Ok(id)
    }
}
