//! The caller's profile: GET and PATCH `profile/` (auth_provider.dart:68, 271, 345;
//! screens/profile/edit_profile_screen.dart:50 and 94, which sends `{name, email}`).

use axum::extract::State;
use serde::Deserialize;

use super::auth::profile_of;
use super::dto::LegacyUser;
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::AppJson;
use crate::routes::me::PatchMe;
use crate::state::AppState;

/// GET `profile/` → the `UserModel` shape.
pub(super) async fn get_profile(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<AppJson<LegacyUser>, ApiError> {
    Ok(AppJson(profile_of(&state, user.id).await?))
}

/// What the edit screen sends; both optional, as in `PATCH /api/v1/me`.
#[derive(Debug, Deserialize)]
pub(super) struct PatchProfile {
    name: Option<String>,
    email: Option<String>,
}

/// PATCH `profile/` → 200 with the updated profile; the same value objects and command as
/// `PATCH /api/v1/me`.
pub(super) async fn update_profile(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppJson(body): AppJson<PatchProfile>,
) -> Result<AppJson<LegacyUser>, ApiError> {
    let changes = PatchMe {
        name: body.name,
        email: body.email,
        ..PatchMe::default()
    }
    .parse()?;
    state
        .commands
        .update_profile(&user.context(&meta), user.id, changes)
        .await?;
    Ok(AppJson(profile_of(&state, user.id).await?))
}
