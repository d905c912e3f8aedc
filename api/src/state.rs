//! The one state value shared by every handler.

use std::sync::Arc;

use birqadam_audit::VerifierKey;
use birqadam_commands::Commands;
use birqadam_projections::Queries;

use crate::settings::HttpSettings;

/// Facades and settings; cheap to clone (Arcs inside).
#[derive(Clone)]
pub struct AppState {
    /// The write side.
    pub commands: Commands,
    /// The read side.
    pub queries: Queries,
    /// The HTTP settings.
    pub settings: Arc<HttpSettings>,
    /// The audit log's public key (served at `/audit/key`, checked by `/audit/verify`).
    pub audit_key: Arc<VerifierKey>,
}
