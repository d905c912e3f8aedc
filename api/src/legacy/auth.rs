//! Registration, login, token refresh and logout as the app sends them
//! (`providers/auth_provider.dart`): JSON bodies, `username` for the login, `password1`/`password2`,
//! `{access, refresh, user}` answers, and a refresh that answers only `{access}`.

use axum::extract::State;
use axum::http::StatusCode;
use birqadam_commands::{AuthError, CommandContext, NewAccount, SessionKind};
use birqadam_domain::account::OrganizerApplication;
use birqadam_domain::values::{BoundedText, Email, Language, Password, PersonName, PhoneNumber};
use birqadam_domain::{Actor, Role};
use birqadam_projections::legacy_ids::LegacyKind;
use serde::{Deserialize, Serialize};

use super::dto::LegacyUser;
use super::ids;
use crate::RequestMeta;
use crate::auth::anonymous_context;
use crate::error::ApiError;
use crate::extract::{AppJson, Validator};
use crate::state::AppState;

/// `{access, refresh, user}` (auth_provider.dart:158-160 and 229-231).
#[derive(Debug, Serialize)]
pub(super) struct LegacySession {
    access: String,
    refresh: String,
    user: LegacyUser,
    #[serde(skip_serializing_if = "Option::is_none")]
    linked: Option<bool>,
}

/// auth_provider.dart:201-214: `name, email, phone, password1, password2, role,
/// registration_source`, `organization_name` for organizers. `username` is accepted for `email`.
#[derive(Debug, Deserialize)]
pub(super) struct RegisterBody {
    name: Option<String>,
    email: Option<String>,
    username: Option<String>,
    phone: Option<String>,
    password1: Option<String>,
    password2: Option<String>,
    role: Option<String>,
    #[expect(
        dead_code,
        reason = "sent by the app, always `mobile_app`; the door says it"
    )]
    registration_source: Option<String>,
    organization_name: Option<String>,
}

/// What the application of an organizer registered by the app says where the app's form asks
/// nothing (docs/decisions/0030): the admin reviewing it reads that these were never asked.
const NOT_ASKED_DESCRIPTION: &str = "Заявка из мобильного приложения: описание при регистрации не запрашивалось (Application from the mobile app: no description was asked for at registration).";

/// The city of such an application: not asked either.
const NOT_ASKED_CITY: &str = "не указан (not given)";

impl RegisterBody {
    /// The same value objects as `/api/v1/auth/register`, plus the app's own checks; with
    /// `role: organizer`, the organizer application to submit right after (its
    /// `organization_name` checked as `/api/v1/organizer-application` checks it).
    fn parse(
        self,
        language: Language,
    ) -> Result<(NewAccount, Option<OrganizerApplication>), ApiError> {
        let mut v = Validator::new();
        let name = v.field(
            "name",
            PersonName::parse(self.name.as_deref().unwrap_or("")),
        );
        let email_text = self.email.or(self.username).unwrap_or_default();
        let email = v.field("email", Email::parse(&email_text));
        let password1 = self.password1.unwrap_or_default();
        let password = v.field("password1", Password::parse(&password1));
        v.check(
            "password2",
            self.password2.as_deref() == Some(password1.as_str()),
            "invalid",
        );
        v.check(
            "role",
            matches!(self.role.as_deref(), None | Some("volunteer" | "organizer")),
            "invalid",
        );
        let phone = v.optional_nonblank("phone", self.phone.as_deref(), PhoneNumber::parse);
        let organizer = self.role.as_deref() == Some("organizer");
        let organization = organizer
            .then(|| {
                let name = self.organization_name.as_deref().unwrap_or("").trim();
                v.field("organization_name", BoundedText::parse(name, 255))
            })
            .flatten()
            .map(|o| OrganizerApplication {
                organization_name: o.into_string(),
                description: NOT_ASKED_DESCRIPTION.to_owned(),
                city: NOT_ASKED_CITY.to_owned(),
                website: None,
                contact_person: None,
            });
        v.finish()?;
        match (name, email, password, phone) {
            (Some(name), Some(email), Some(password), Some(phone)) => Ok((
                NewAccount {
                    name,
                    email,
                    phone,
                    password,
                    language,
                },
                organization,
            )),
            _ => Err(ApiError::internal(anyhow::anyhow!(
                "validator passed with a missing field"
            ))),
        }
    }
}

/// POST `register/` → 201 `{access, refresh, linked, user}`.
pub(super) async fn register_account(
    State(state): State<AppState>,
    meta: RequestMeta,
    AppJson(body): AppJson<RegisterBody>,
) -> Result<(StatusCode, AppJson<LegacySession>), ApiError> {
    let (new, application) = body.parse(meta.language)?;
    let registered = state
        .commands
        .register_with(&anonymous_context(&meta), new, SessionKind::Legacy)
        .await?;
    let number = ids::number(&state, LegacyKind::Account, registered.id).await?;
    if number.is_none() {
        tracing::warn!(account = %registered.id, "registered account not numbered yet");
    }
    let user = match application {
        None => LegacyUser::from_registered(&registered, number),
        Some(application) => {
            // as the new account itself, the same command as POST /api/v1/organizer-application
            let ctx = CommandContext {
                actor: Actor::account(registered.id, [Role::Volunteer]),
                ..anonymous_context(&meta)
            };
            state
                .commands
                .submit_organizer_application(&ctx, application)
                .await?;
            profile_of(&state, registered.id).await?
        }
    };
    Ok((
        StatusCode::CREATED,
        AppJson(LegacySession {
            access: registered.tokens.access_token,
            refresh: registered.tokens.refresh_token,
            user,
            linked: Some(false),
        }),
    ))
}

/// auth_provider.dart:148-151: `{username, password}`; `username` is the e-mail (or a phone).
#[derive(Debug, Deserialize)]
pub(super) struct LoginBody {
    username: String,
    password: String,
}

/// POST `login/` → 200 `{access, refresh, user}`; 401 with the `/api/v1` text otherwise.
pub(super) async fn log_in(
    State(state): State<AppState>,
    AppJson(body): AppJson<LoginBody>,
) -> Result<AppJson<LegacySession>, ApiError> {
    if body.username.len() > 320 || body.password.len() > 1024 {
        return Err(ApiError::from(AuthError::InvalidCredentials));
    }
    let (id, tokens) = state
        .commands
        .login_with(&body.username, &body.password, SessionKind::Legacy)
        .await?;
    let user = profile_of(&state, id).await?;
    Ok(AppJson(LegacySession {
        access: tokens.access_token,
        refresh: tokens.refresh_token,
        user,
        linked: None,
    }))
}

/// The account as the app's `UserModel` reads it.
pub(super) async fn profile_of(state: &AppState, id: uuid::Uuid) -> Result<LegacyUser, ApiError> {
    let row =
        state.queries.account(id).await?.ok_or_else(|| {
            ApiError::internal(anyhow::anyhow!("account {id} is not in the view"))
        })?;
    let number = ids::number(state, LegacyKind::Account, id).await?;
    Ok(LegacyUser::from_row(row, number))
}

/// auth_provider.dart:311-313: `{refresh}`.
#[derive(Debug, Deserialize)]
pub(super) struct RefreshBody {
    refresh: String,
}

/// `{access}`: all the app reads (auth_provider.dart:320).
#[derive(Debug, Serialize)]
pub(super) struct AccessOnly {
    access: String,
}

/// POST `token/refresh/` → 200 `{access}`; the refresh token stays valid (decision 0019).
pub(super) async fn refresh_access_token(
    State(state): State<AppState>,
    AppJson(body): AppJson<RefreshBody>,
) -> Result<AppJson<AccessOnly>, ApiError> {
    let (_, access) = state.commands.refresh_legacy(&body.refresh).await?;
    Ok(AppJson(AccessOnly { access }))
}

/// POST `logout/` `{refresh}` → 204. The app itself only forgets its tokens
/// (auth_provider.dart:262); this is for clients that do log out, and mirrors `/api/v1`.
pub(super) async fn log_out(
    State(state): State<AppState>,
    AppJson(body): AppJson<RefreshBody>,
) -> Result<StatusCode, ApiError> {
    state.commands.logout(&body.refresh).await?;
    Ok(StatusCode::NO_CONTENT)
}
