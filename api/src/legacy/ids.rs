//! The app's integer ids at the edge: entity → number for what is sent, number → entity for
//! what is received (`legacy_ids_view`, assigned in log order).

use birqadam_projections::legacy_ids::LegacyKind;
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

/// The number of an entity, or `None` while the view has not numbered it yet (it has, after a
/// command's read-your-writes wait, unless that wait timed out).
pub(super) async fn number(
    state: &AppState,
    kind: LegacyKind,
    id: Uuid,
) -> Result<Option<i64>, ApiError> {
    Ok(state.queries.legacy_number(kind, id).await?)
}

/// The entity a number of the app stands for; 404 for a number nobody has.
pub(super) async fn entity(
    state: &AppState,
    kind: LegacyKind,
    number: i64,
) -> Result<Uuid, ApiError> {
    state
        .queries
        .legacy_entity(kind, number)
        .await?
        .ok_or_else(ApiError::not_found)
}
