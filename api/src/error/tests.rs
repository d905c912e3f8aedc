use axum::Router;
use axum::body::Body;
use axum::middleware::from_fn;
use axum::response::IntoResponse;
use axum::routing::get;
use birqadam_commands::{AuthError, CommandError, DomainError};
use birqadam_domain::account::AccountError;
use birqadam_domain::identity_claim::IdentityKind;
use birqadam_domain::values::Language;

use super::*;
use crate::test_support::{req, send};

async fn render(
    error: ApiError,
    language: Language,
) -> (StatusCode, axum::http::HeaderMap, serde_json::Value) {
    let response = crate::language::scope(language, async { error.into_response() }).await;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    (
        status,
        headers,
        serde_json::from_slice(&bytes).expect("json"),
    )
}

#[tokio::test]
async fn not_found_in_kazakh_has_the_kazakh_title_and_problem_content_type() {
    let app = Router::new()
        .route("/x", get(|| async { ApiError::not_found() }))
        .layer(from_fn(crate::language::set_language));
    let r = send(
        &app,
        req("GET", "/x")
            .header("accept-language", "kk-KZ, ru;q=0.5")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.header("content-type"), PROBLEM_JSON);
    let body = r.json();
    assert_eq!(body["title"], "Табылмады");
    assert_eq!(body["code"], "not_found");
    assert_eq!(body["status"], 404);
    assert_eq!(body["type"], "urn:birqadam:problem:not_found");
}

#[tokio::test]
async fn russian_is_the_default_and_english_is_served_on_request() {
    let (_, _, ru) = render(ApiError::forbidden(), Language::Ru).await;
    assert_eq!(ru["title"], "Доступ запрещён");
    let (_, headers, en) = render(ApiError::forbidden(), Language::En).await;
    assert_eq!(en["title"], "Forbidden");
    assert_eq!(headers["content-language"], "en");
}

#[tokio::test]
async fn internal_errors_are_opaque() {
    let error = ApiError::internal(
        anyhow::anyhow!("password=hunter2 at db host").context("loading account"),
    );
    let (status, _, body) = render(error, Language::En).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["code"], "internal");
    assert!(!body.to_string().contains("hunter2"), "{body}");
    let (_, _, body) = render(
        ApiError::internal(anyhow::anyhow!("x")).with_detail("secret"),
        Language::En,
    )
    .await;
    assert!(!body.to_string().contains("secret"), "{body}");
}

#[tokio::test]
async fn validation_errors_list_localised_field_messages() {
    let error = ApiError::validation(vec![
        FieldError::new("email", "invalid_email"),
        FieldError::new("name", "required"),
    ]);
    let (status, _, body) = render(error, Language::Ru).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "validation.failed");
    assert_eq!(body["errors"][0]["field"], "email");
    assert_eq!(body["errors"][0]["code"], "invalid_email");
    assert_eq!(body["errors"][1]["message"], "Обязательное поле");
}

#[tokio::test]
async fn rate_limited_carries_retry_after() {
    let (status, headers, body) = render(ApiError::rate_limited(7), Language::Ru).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers["retry-after"], "7");
    assert_eq!(body["code"], "rate_limited");
}

#[tokio::test]
async fn busy_is_503_with_retry_after() {
    let (status, headers, body) = render(ApiError::busy(0), Language::En).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(headers["retry-after"], "1");
    assert_eq!(body["code"], "service.busy");
    assert_eq!(body["title"], "Server busy, try again later");
}

#[test]
fn command_errors_map_to_their_status_and_code() {
    let cases: Vec<(CommandError, u16, &str)> = vec![
        (
            DomainError::IdentityTaken(IdentityKind::Email).into(),
            409,
            "account.email_taken",
        ),
        (
            DomainError::IdentityTaken(IdentityKind::Phone).into(),
            409,
            "account.phone_taken",
        ),
        (
            DomainError::IdentityTaken(IdentityKind::Telegram).into(),
            409,
            "account.telegram_taken",
        ),
        (
            DomainError::Account(AccountError::NotFound).into(),
            404,
            "not_found",
        ),
        (
            DomainError::Account(AccountError::Forbidden).into(),
            403,
            "forbidden",
        ),
        (
            DomainError::Account(AccountError::ApplicationPending).into(),
            409,
            "organizer.application_pending",
        ),
        (
            DomainError::Account(AccountError::AlreadyOrganizer).into(),
            409,
            "organizer.already_approved",
        ),
        (
            DomainError::Account(AccountError::NoPendingApplication).into(),
            409,
            "organizer.no_pending_application",
        ),
        (
            DomainError::Account(AccountError::InvalidRatingChange).into(),
            422,
            "validation.failed",
        ),
        (
            AuthError::InvalidCredentials.into(),
            401,
            "auth.invalid_credentials",
        ),
        (AuthError::InvalidToken.into(), 401, "auth.invalid_token"),
        (AuthError::TokenExpired.into(), 401, "auth.token_expired"),
        (AuthError::RefreshReused.into(), 401, "auth.refresh_reused"),
        (CommandError::Conflict, 409, "conflict"),
        (
            CommandError::Busy {
                retry_after: std::time::Duration::from_secs(1),
            },
            503,
            "service.busy",
        ),
        (CommandError::NotFound, 404, "not_found"),
        (
            CommandError::Infrastructure(anyhow::anyhow!("db down")),
            500,
            "internal",
        ),
    ];
    for (error, status, code) in cases {
        let api = ApiError::from(error);
        assert_eq!((api.status().as_u16(), api.code()), (status, code));
        assert_eq!(
            crate::problems::status_of(code).as_u16(),
            status,
            "catalogue status of {code}"
        );
    }
}

#[test]
fn typed_constructors_agree_with_the_catalogue() {
    for e in [
        ApiError::not_found(),
        ApiError::forbidden(),
        ApiError::conflict("idempotency.key_reused"),
        ApiError::too_large("request.too_large"),
        ApiError::unsupported_media("request.unsupported_media_type"),
        ApiError::unauthenticated("auth.required"),
        ApiError::bad_request("request.malformed_json", "x"),
        ApiError::rate_limited(1),
        ApiError::busy(1),
        ApiError::validation(vec![]),
        ApiError::from_code("project.full"),
    ] {
        assert_eq!(crate::problems::status_of(e.code()), e.status(), "{e}");
    }
}

#[test]
fn the_status_follows_the_kind_of_refusal() {
    use birqadam_domain::RefusalKind;
    use birqadam_domain::assignment::AssignmentError;
    use birqadam_domain::project::ProjectError;
    use birqadam_domain::task::TaskError;

    let refusals: Vec<DomainError> = vec![
        AccountError::NotFound.into(),
        AccountError::Forbidden.into(),
        AccountError::InvalidRatingChange.into(),
        AccountError::ApplicationPending.into(),
        ProjectError::NotApprovedOrganizer.into(),
        ProjectError::Full.into(),
        ProjectError::Invalid(vec![("title", "required")]).into(),
        TaskError::NotOpen.into(),
        AssignmentError::AlreadyModerated.into(),
        AssignmentError::CommentRequired.into(),
        AssignmentError::TooManyPhotos.into(),
        AssignmentError::Forbidden.into(),
    ];
    for refusal in refusals {
        let kind = refusal.kind();
        let api = ApiError::from(refusal.clone());
        let expected = match kind {
            RefusalKind::NotFound => 404,
            RefusalKind::Forbidden => 403,
            RefusalKind::Invalid => 422,
            RefusalKind::Conflict => 409,
        };
        assert_eq!(api.status().as_u16(), expected, "{refusal:?} is {kind:?}");
    }
}
