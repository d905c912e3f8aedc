//! Organizer applications and their approval.

use super::{Given, admin, application, registered, volunteer};
use crate::account::*;

#[test]
fn only_admins_approve_organizers() {
    Given::with(())
        .given(vec![
            registered(),
            AccountEvent::OrganizerApplicationSubmitted {
                application: application(),
            },
        ])
        .when(AccountCommand::ApproveOrganizer { actor: volunteer() })
        .then_expect_error(AccountError::Forbidden);
}

#[test]
fn a_rejected_applicant_may_apply_again() {
    Given::with(())
        .given(vec![
            registered(),
            AccountEvent::OrganizerApplicationSubmitted {
                application: application(),
            },
            AccountEvent::OrganizerRejected {
                by: None,
                reason: "no website".to_owned(),
            },
        ])
        .when(AccountCommand::SubmitOrganizerApplication {
            actor: volunteer(),
            application: application(),
        })
        .then_expect_events(vec![AccountEvent::OrganizerApplicationSubmitted {
            application: application(),
        }]);
}

#[test]
fn a_pending_application_cannot_be_submitted_twice() {
    Given::with(())
        .given(vec![
            registered(),
            AccountEvent::OrganizerApplicationSubmitted {
                application: application(),
            },
        ])
        .when(AccountCommand::SubmitOrganizerApplication {
            actor: volunteer(),
            application: application(),
        })
        .then_expect_error(AccountError::ApplicationPending);
}

#[test]
fn approving_without_a_pending_application_is_refused() {
    Given::with(())
        .given(vec![registered()])
        .when(AccountCommand::ApproveOrganizer { actor: admin() })
        .then_expect_error(AccountError::NoPendingApplication);
}
