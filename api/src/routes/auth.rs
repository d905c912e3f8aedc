//! `/api/v1/auth/*`: registration, login, token refresh, logout.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use birqadam_commands::NewAccount;
use birqadam_domain::values::{Email, Language, Password, PersonName, PhoneNumber};
use serde::Deserialize;

use crate::RequestMeta;
use crate::auth::anonymous_context;
use crate::dto::account::{AccountDto, SessionDto, TokensDto};
use crate::error::ApiError;
use crate::extract::{AppJson, Validator};
use crate::routes::me::account_dto;
use crate::state::AppState;

/// Registration (rate-limited separately).
pub fn registration_router() -> Router<AppState> {
    Router::new().route("/auth/register", post(register_account))
}

/// Login (rate-limited separately).
pub fn login_router() -> Router<AppState> {
    Router::new().route("/auth/login", post(log_in))
}

/// Token refresh and logout.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/refresh", post(refresh_tokens))
        .route("/auth/logout", post(log_out))
}

#[derive(Debug, Deserialize)]
struct RegisterBody {
    name: String,
    email: String,
    password: String,
    phone: Option<String>,
    language: Option<String>,
}

impl RegisterBody {
    fn parse(self) -> Result<NewAccount, ApiError> {
        let mut v = Validator::new();
        let name = v.field("name", PersonName::parse(&self.name));
        let email = v.field("email", Email::parse(&self.email));
        let password = v.field("password", Password::parse(&self.password));
        let phone = v.optional_nonblank("phone", self.phone.as_deref(), PhoneNumber::parse);
        let language = match self.language.as_deref() {
            Some(l) => v.field("language", Language::parse(l)),
            None => Some(Language::default()),
        };
        v.finish()?;
        match (name, email, password, phone, language) {
            (Some(name), Some(email), Some(password), Some(phone), Some(language)) => {
                Ok(NewAccount {
                    name,
                    email,
                    phone,
                    password,
                    language,
                })
            }
            _ => Err(ApiError::internal(anyhow::anyhow!(
                "validator passed with a missing field"
            ))),
        }
    }
}

async fn register_account(
    State(state): State<AppState>,
    meta: RequestMeta,
    AppJson(body): AppJson<RegisterBody>,
) -> Result<(StatusCode, AppJson<SessionDto>), ApiError> {
    let new = body.parse()?;
    let registered = state
        .commands
        .register(&anonymous_context(&meta), new)
        .await?;
    // from what was appended, not from the accounts view, which may lag (decision 0012)
    let account = AccountDto::from(&registered);
    Ok((
        StatusCode::CREATED,
        AppJson(SessionDto {
            account,
            tokens: registered.tokens,
        }),
    ))
}

#[derive(Debug, Deserialize)]
struct LoginBody {
    login: String,
    password: String,
}

async fn log_in(
    State(state): State<AppState>,
    AppJson(body): AppJson<LoginBody>,
) -> Result<AppJson<SessionDto>, ApiError> {
    if body.login.len() > 320 || body.password.len() > 1024 {
        return Err(ApiError::from(
            birqadam_commands::AuthError::InvalidCredentials,
        ));
    }
    let (id, tokens) = state.commands.login(&body.login, &body.password).await?;
    let account = account_dto(&state, id).await?;
    Ok(AppJson(SessionDto { account, tokens }))
}

#[derive(Debug, Deserialize)]
struct RefreshBody {
    refresh_token: String,
}

async fn refresh_tokens(
    State(state): State<AppState>,
    AppJson(body): AppJson<RefreshBody>,
) -> Result<AppJson<TokensDto>, ApiError> {
    let (_, tokens) = state.commands.refresh(&body.refresh_token).await?;
    Ok(AppJson(TokensDto { tokens }))
}

async fn log_out(
    State(state): State<AppState>,
    AppJson(body): AppJson<RefreshBody>,
) -> Result<StatusCode, ApiError> {
    state.commands.logout(&body.refresh_token).await?;
    Ok(StatusCode::NO_CONTENT)
}
