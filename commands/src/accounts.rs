//! Account commands: registration with identity claims, login, profile, organizer onboarding.

use birqadam_domain::account::{Account, AccountCommand, OrganizerApplication, RegistrationSource};
use birqadam_domain::identity_claim::{IdentityClaim, IdentityClaimCommand, IdentityKind};
use birqadam_domain::values::{Email, Language, Password, PersonName, PhoneNumber};
use birqadam_domain::{Actor, Role};
use uuid::Uuid;

use crate::store::{self, Outcome};
use crate::{AuthError, CommandContext, CommandError, Commands, DomainError, Tokens};

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

/// Profile changes, already parsed; `None` leaves a field unchanged.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    /// New name.
    pub name: Option<PersonName>,
    /// New e-mail.
    pub email: Option<Email>,
    /// New phone.
    pub phone: Option<PhoneNumber>,
    /// New language.
    pub language: Option<Language>,
}

fn claim_key(kind: IdentityKind, value: &str) -> String {
    kind.claim_id(value).to_string()
}

impl Commands {
    pub(crate) async fn account(
        &self,
        id: Uuid,
        command: AccountCommand,
        ctx: &CommandContext,
    ) -> Result<(), CommandError> {
        self.run(&self.inner.accounts, id, command, ctx).await
    }

    async fn claim(
        &self,
        kind: IdentityKind,
        value: &str,
        owner: Uuid,
        ctx: &CommandContext,
    ) -> Result<(), CommandError> {
        let command = IdentityClaimCommand::Claim { kind, owner };
        match store::execute(
            &self.inner.claims,
            &claim_key(kind, value),
            command,
            &self.metadata(ctx),
        )
        .await?
        {
            Outcome::Done => Ok(()),
            Outcome::Rejected(e) => Err(DomainError::from((kind, e)).into()),
        }
    }

    async fn release(&self, kind: IdentityKind, value: &str, owner: Uuid, ctx: &CommandContext) {
        let command = IdentityClaimCommand::Release { owner };
        if let Err(e) = store::execute(
            &self.inner.claims,
            &claim_key(kind, value),
            command,
            &self.metadata(ctx),
        )
        .await
        {
            tracing::error!(error = ?e, kind = kind.as_str(), %owner, "releasing an identity claim failed");
        }
    }

    /// The owner of an identity, if claimed.
    async fn owner_of(
        &self,
        kind: IdentityKind,
        value: &str,
    ) -> Result<Option<Uuid>, CommandError> {
        let (claim, _) =
            store::load::<IdentityClaim>(&self.inner.pool, &claim_key(kind, value)).await?;
        Ok(claim.owner())
    }

    async fn tokens_for(
        &self,
        account: Uuid,
        refresh_token: String,
    ) -> Result<Tokens, CommandError> {
        let (state, _) = store::load::<Account>(&self.inner.pool, &account.to_string()).await?;
        let roles: Vec<Role> = state.roles().iter().copied().collect();
        Ok(Tokens {
            access_token: self.inner.access.issue(account, roles)?,
            refresh_token,
            token_type: "Bearer",
            expires_in: self.inner.access.ttl_secs(),
        })
    }

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

    async fn register_account(
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

    /// Logs in by e-mail or phone (any common spelling) and password.
    #[tracing::instrument(skip_all, err)]
    pub async fn login(&self, login: &str, password: &str) -> Result<(Uuid, Tokens), CommandError> {
        let identity = if login.contains('@') {
            Email::parse(login)
                .ok()
                .map(|e| (IdentityKind::Email, e.as_str().to_owned()))
        } else {
            PhoneNumber::parse(login)
                .ok()
                .map(|p| (IdentityKind::Phone, p.as_str().to_owned()))
        };
        let owner = match &identity {
            Some((kind, value)) => self.owner_of(*kind, value).await?,
            None => None,
        };
        let stored: Option<String> = match owner {
            Some(id) => {
                sqlx::query_scalar("select password_hash from credentials where account_id = $1")
                    .bind(id)
                    .fetch_optional(&self.inner.pool)
                    .await?
            }
            None => None,
        };
        if !self.inner.passwords.verify(password, stored).await {
            return Err(AuthError::InvalidCredentials.into());
        }
        let id = owner.ok_or(AuthError::InvalidCredentials)?;
        let refresh = self.inner.refresh.issue(id).await?;
        Ok((id, self.tokens_for(id, refresh).await?))
    }

    /// Rotates a refresh token.
    #[tracing::instrument(skip_all, err)]
    pub async fn refresh(&self, token: &str) -> Result<(Uuid, Tokens), CommandError> {
        let (account, next) = self.inner.refresh.rotate(token).await?;
        Ok((account, self.tokens_for(account, next).await?))
    }

    /// Revokes the refresh-token family of `token`.
    pub async fn logout(&self, token: &str) -> Result<(), CommandError> {
        self.inner.refresh.revoke(token).await
    }

    /// Verifies an access token.
    pub fn verify_access(&self, token: &str) -> Result<crate::AccessClaims, AuthError> {
        self.inner.access.verify(token)
    }

    /// Changes profile fields; a new e-mail or phone is claimed first and the old one released.
    #[tracing::instrument(skip_all, err)]
    pub async fn update_profile(
        &self,
        ctx: &CommandContext,
        id: Uuid,
        changes: ProfileChanges,
    ) -> Result<(), CommandError> {
        let (current, _) = store::load::<Account>(&self.inner.pool, &id.to_string()).await?;
        if !current.is_registered() {
            return Err(CommandError::NotFound);
        }
        let new_email = changes.email.clone().filter(|e| Some(e) != current.email());
        let new_phone = changes.phone.clone().filter(|p| Some(p) != current.phone());
        if let Some(email) = &new_email {
            self.claim(IdentityKind::Email, email.as_str(), id, ctx)
                .await?;
        }
        if let Some(phone) = &new_phone
            && let Err(e) = self
                .claim(IdentityKind::Phone, phone.as_str(), id, ctx)
                .await
        {
            if let Some(email) = &new_email {
                self.release(IdentityKind::Email, email.as_str(), id, ctx)
                    .await;
            }
            return Err(e);
        }
        let command = AccountCommand::UpdateProfile {
            actor: ctx.actor.clone(),
            name: changes.name,
            email: new_email.clone(),
            phone: new_phone.clone(),
            language: changes.language,
        };
        self.account(id, command, ctx).await?;
        if let (Some(_), Some(old)) = (&new_email, current.email()) {
            self.release(IdentityKind::Email, old.as_str(), id, ctx)
                .await;
        }
        if let (Some(_), Some(old)) = (&new_phone, current.phone()) {
            self.release(IdentityKind::Phone, old.as_str(), id, ctx)
                .await;
        }
        Ok(())
    }

    /// Applies to become an organizer (the caller's own account).
    pub async fn submit_organizer_application(
        &self,
        ctx: &CommandContext,
        application: OrganizerApplication,
    ) -> Result<(), CommandError> {
        let id = ctx.actor.id.ok_or(CommandError::NotFound)?;
        self.account(
            id,
            AccountCommand::SubmitOrganizerApplication {
                actor: ctx.actor.clone(),
                application,
            },
            ctx,
        )
        .await
    }

    /// Approves a pending organizer application (admins only).
    pub async fn approve_organizer(
        &self,
        ctx: &CommandContext,
        account: Uuid,
    ) -> Result<(), CommandError> {
        self.account(
            account,
            AccountCommand::ApproveOrganizer {
                actor: ctx.actor.clone(),
            },
            ctx,
        )
        .await
    }

    /// Rejects a pending organizer application with a reason (admins only).
    pub async fn reject_organizer(
        &self,
        ctx: &CommandContext,
        account: Uuid,
        reason: String,
    ) -> Result<(), CommandError> {
        self.account(
            account,
            AccountCommand::RejectOrganizer {
                actor: ctx.actor.clone(),
                reason,
            },
            ctx,
        )
        .await
    }

    /// Grants roles (admins only).
    pub async fn grant_roles(
        &self,
        ctx: &CommandContext,
        account: Uuid,
        roles: &[Role],
    ) -> Result<(), CommandError> {
        for role in roles {
            self.account(
                account,
                AccountCommand::GrantRole {
                    actor: ctx.actor.clone(),
                    role: *role,
                },
                ctx,
            )
            .await?;
        }
        Ok(())
    }

    /// Creates an admin from the operator CLI, or makes the existing owner of `email` an admin
    /// (idempotent). Returns the account id and whether it was created.
    pub async fn ensure_admin(
        &self,
        email: Email,
        password: Password,
        name: PersonName,
    ) -> Result<(Uuid, bool), CommandError> {
        let ctx = CommandContext::operator();
        if let Some(id) = self.owner_of(IdentityKind::Email, email.as_str()).await? {
            self.account(
                id,
                AccountCommand::GrantRole {
                    actor: ctx.actor.clone(),
                    role: Role::Admin,
                },
                &ctx,
            )
            .await?;
            return Ok((id, false));
        }
        let new = NewAccount {
            name,
            email,
            phone: None,
            password,
            language: Language::Ru,
        };
        let roles = std::collections::BTreeSet::from([Role::Admin]);
        let id = self
            .register_account(&ctx, new, RegistrationSource::Admin, roles)
            .await?;
        Ok((id, true))
    }
}
