//! The decisions of the `Account` aggregate.

use crate::Role;

use super::{Account, AccountCommand, AccountError, AccountEvent, OrganizerStatus};

impl Account {
    pub(super) fn decide(
        &self,
        command: AccountCommand,
    ) -> Result<Vec<AccountEvent>, AccountError> {
        use AccountCommand as C;
        use AccountEvent as E;
        if let C::Register {
            name,
            email,
            phone,
            language,
            mut roles,
            source,
        } = command
        {
            if self.registered {
                return Err(AccountError::AlreadyRegistered);
            }
            roles.insert(Role::Volunteer);
            let name = name.as_str().to_owned();
            return Ok(vec![E::AccountRegistered {
                name,
                email,
                phone,
                language,
                roles,
                source,
            }]);
        }
        if !self.registered {
            return Err(AccountError::NotFound);
        }
        match command {
            C::Register { .. } => Err(AccountError::AlreadyRegistered),
            C::UpdateProfile {
                actor,
                name,
                email,
                phone,
                language,
            } => {
                if actor.id.is_none() && !actor.is_admin() {
                    return Err(AccountError::Forbidden);
                }
                let email = email.filter(|e| Some(e) != self.email.as_ref());
                let phone = phone.filter(|p| Some(p) != self.phone.as_ref());
                let language = language.filter(|l| *l != self.language);
                let name = name.map(|n| n.as_str().to_owned());
                if name.is_none() && email.is_none() && phone.is_none() && language.is_none() {
                    return Ok(vec![]);
                }
                Ok(vec![E::ProfileUpdated {
                    name,
                    email,
                    phone,
                    language,
                }])
            }
            C::SubmitOrganizerApplication { application, .. } => match self.organizer_status {
                OrganizerStatus::Pending => Err(AccountError::ApplicationPending),
                OrganizerStatus::Approved => Err(AccountError::AlreadyOrganizer),
                OrganizerStatus::None | OrganizerStatus::Rejected => {
                    Ok(vec![E::OrganizerApplicationSubmitted { application }])
                }
            },
            C::ApproveOrganizer { actor } => {
                if !actor.is_admin() {
                    return Err(AccountError::Forbidden);
                }
                if self.organizer_status != OrganizerStatus::Pending {
                    return Err(AccountError::NoPendingApplication);
                }
                Ok(vec![E::OrganizerApproved { by: actor.id }])
            }
            C::RejectOrganizer { actor, reason } => {
                if !actor.is_admin() {
                    return Err(AccountError::Forbidden);
                }
                if self.organizer_status != OrganizerStatus::Pending {
                    return Err(AccountError::NoPendingApplication);
                }
                Ok(vec![E::OrganizerRejected {
                    by: actor.id,
                    reason,
                }])
            }
            C::GrantRole { actor, role } => {
                if !actor.is_admin() {
                    return Err(AccountError::Forbidden);
                }
                if self.roles.contains(&role) {
                    return Ok(vec![]);
                }
                Ok(vec![E::RoleGranted { role, by: actor.id }])
            }
            C::CreditRating { source, points } => {
                if self.credited.contains(&source) {
                    return Ok(vec![]);
                }
                let (applied, rating_after) = self.clamp(i64::from(points));
                let points_applied = u32::try_from(applied).unwrap_or(0);
                Ok(vec![E::RatingCredited {
                    source,
                    points_requested: points,
                    points_applied,
                    rating_after,
                }])
            }
            C::AdjustRating {
                actor,
                delta,
                reason,
            } => {
                if !actor.is_admin() {
                    return Err(AccountError::Forbidden);
                }
                if delta == 0 || reason.trim().is_empty() {
                    return Err(AccountError::InvalidRatingChange);
                }
                let (delta_applied, rating_after) = self.clamp(i64::from(delta));
                Ok(vec![E::RatingAdjusted {
                    delta_requested: delta,
                    delta_applied,
                    rating_after,
                    reason,
                    by: actor.id,
                }])
            }
            C::LinkTelegram { telegram_id } => match self.telegram_id {
                Some(linked) if linked == telegram_id => Ok(vec![]),
                Some(_) => Err(AccountError::TelegramAlreadyLinked),
                None => Ok(vec![E::TelegramLinked { telegram_id }]),
            },
            C::MarkTelegramUnreachable { reason } => match self.telegram_id {
                None => Err(AccountError::TelegramNotLinked),
                Some(_) if self.telegram_unreachable => Ok(vec![]),
                Some(_) => Ok(vec![E::TelegramUnreachable { reason }]),
            },
            C::MarkTelegramReachable => match self.telegram_id {
                None => Err(AccountError::TelegramNotLinked),
                Some(_) if !self.telegram_unreachable => Ok(vec![]),
                Some(_) => Ok(vec![E::TelegramReachable]),
            },
        }
    }
}
