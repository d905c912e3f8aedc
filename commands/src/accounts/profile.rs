//! Profile changes, claiming a new e-mail or phone before releasing the old one.

use birqadam_domain::account::{Account, AccountCommand};
use birqadam_domain::identity_claim::IdentityKind;
use birqadam_domain::values::{Email, Language, PersonName, PhoneNumber};
use uuid::Uuid;

use crate::store::{self};
use crate::{CommandContext, CommandError, Commands};

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

impl Commands {
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
}
