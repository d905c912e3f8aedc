//! Account commands: registration with identity claims, login, profile, organizer onboarding.

use birqadam_domain::Role;
use birqadam_domain::account::{Account, AccountCommand};
use birqadam_domain::identity_claim::{IdentityClaim, IdentityClaimCommand, IdentityKind};
use birqadam_projections::Chain;
use uuid::Uuid;

use crate::store::{self, Outcome};
use crate::{CommandContext, CommandError, Commands, DomainError, Tokens};

mod admins;
mod login;
mod organizers;
mod profile;
mod registration;
mod telegram;

pub use profile::ProfileChanges;
pub use registration::{NewAccount, Registered};

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
            tracing::error!(error = %Chain(&e), kind = kind.as_str(), %owner, "releasing an identity claim failed");
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
        self.tokens(account, roles, refresh_token)
    }

    /// A session for `account` with `roles` around an issued refresh token.
    fn tokens(
        &self,
        account: Uuid,
        roles: Vec<Role>,
        refresh_token: String,
    ) -> Result<Tokens, CommandError> {
        Ok(Tokens {
            access_token: self.inner.access.issue(account, roles)?,
            refresh_token,
            token_type: "Bearer",
            expires_in: self.inner.access.ttl_secs(),
        })
    }
}
