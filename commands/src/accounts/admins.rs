//! Role grants and the operator command that ensures an admin exists.

use birqadam_domain::Role;
use birqadam_domain::account::{AccountCommand, RegistrationSource};
use birqadam_domain::identity_claim::IdentityKind;
use birqadam_domain::values::{Email, Language, Password, PersonName};
use chrono::SubsecRound;
use uuid::Uuid;

use super::NewAccount;
use crate::{CommandContext, CommandError, Commands};

impl Commands {
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
        let id = birqadam_domain::ids::new_id();
        let at = self.inner.clock.now().trunc_subsecs(6);
        self.register_account(&ctx, id, new, RegistrationSource::Admin, roles, at)
            .await?;
        Ok((id, true))
    }
}
