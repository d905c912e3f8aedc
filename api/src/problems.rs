//! The HTTP status of every problem code the API may send. What a code *says* (its ru/kk/en title,
//! the messages of field-error codes) lives in `birqadam-texts`, shared with the bot and the
//! notifier; this table is all the API adds. Adding a code is one line here and one in the texts.

use axum::http::StatusCode;
use birqadam_domain::values::Language;

/// Every problem code the API may send, with the status it is always sent with.
#[rustfmt::skip]
pub static STATUSES: &[(&str, u16)] = &[
    // generic
    ("validation.failed", 422),
    ("forbidden", 403),
    ("not_found", 404),
    ("conflict", 409),
    ("internal", 500),
    ("rate_limited", 429),
    ("method_not_allowed", 405),
    ("service.busy", 503),
    ("service.not_ready", 503),
    // request shape
    ("request.malformed_json", 400),
    ("request.unsupported_media_type", 415),
    ("request.too_large", 413),
    ("request.invalid_query", 400),
    ("request.timeout", 408),
    // idempotency
    ("idempotency.key_reused", 409),
    ("idempotency.in_progress", 409),
    ("idempotency.invalid_key", 400),
    // auth
    ("auth.required", 401),
    ("auth.invalid_credentials", 401),
    ("auth.invalid_token", 401),
    ("auth.token_expired", 401),
    ("auth.refresh_reused", 401),
    // accounts
    ("account.email_taken", 409),
    ("account.phone_taken", 409),
    ("account.telegram_taken", 409),
    // organizers
    ("organizer.not_approved", 403),
    ("organizer.application_pending", 409),
    ("organizer.already_approved", 409),
    ("organizer.no_pending_application", 409),
    ("telegram.already_linked", 409),
    ("telegram.not_linked", 409),
    // projects, tasks, assignments
    ("project.not_open", 409),
    ("project.full", 409),
    ("project.already_member", 409),
    ("task.not_open", 409),
    ("assignment.not_accepted", 409),
    ("project.not_member", 409),
    ("project.deleted", 409),
    ("project.already_approved", 409),
    ("project.already_exists", 409),
    ("task.already_exists", 409),
    ("assignment.report_submitted", 409),
    ("account.already_registered", 409),
    ("request.malformed_multipart", 400),
    ("request.invalid_cursor", 400),
    // reports
    ("report.pending_exists", 409),
    ("report.already_approved", 409),
    ("report.already_moderated", 409),
    ("report.comment_required", 422),
    // uploads
    ("upload.too_many_files", 422),
    ("upload.too_large", 413),
    ("upload.unsupported_type", 415),
    ("upload.too_many_pixels", 422),
    ("upload.corrupt", 422),
];

/// Whether `code` is a known problem code.
pub fn is_known(code: &str) -> bool {
    STATUSES.iter().any(|(c, _)| *c == code)
}

/// The status of a code; 500 for an unknown code (a bug, logged by the caller).
pub fn status_of(code: &str) -> StatusCode {
    STATUSES
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, s)| StatusCode::from_u16(*s).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The localised title of a problem code; falls back to the status's reason phrase.
pub fn title(code: &str, status: StatusCode, language: Language) -> &'static str {
    birqadam_texts::problem_title(code, language)
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("Error"))
}

/// The localised message of a field-error code.
pub fn field_message(code: &str, language: Language) -> &'static str {
    birqadam_texts::field_message(code, language)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes `API.md` promises; every one must be in the catalogue.
    const API_MD_CODES: &[&str] = &[
        "validation.failed",
        "auth.invalid_credentials",
        "auth.token_expired",
        "auth.refresh_reused",
        "account.email_taken",
        "account.phone_taken",
        "forbidden",
        "not_found",
        "organizer.not_approved",
        "project.not_open",
        "project.full",
        "project.already_member",
        "task.not_open",
        "assignment.not_accepted",
        "report.pending_exists",
        "report.already_approved",
        "report.already_moderated",
        "report.comment_required",
        "upload.too_many_files",
        "upload.too_large",
        "upload.unsupported_type",
        "idempotency.key_reused",
    ];

    #[test]
    fn every_code_of_api_md_is_in_the_catalogue() {
        for code in API_MD_CODES {
            assert!(is_known(code), "missing {code}");
        }
    }

    #[test]
    fn codes_are_unique_and_statuses_valid() {
        for (i, (code, status)) in STATUSES.iter().enumerate() {
            assert!(
                STATUSES[i + 1..].iter().all(|(o, _)| o != code),
                "duplicate {code}"
            );
            assert!(
                StatusCode::from_u16(*status).is_ok(),
                "bad status for {code}"
            );
        }
    }

    #[test]
    fn every_code_has_a_title_and_every_title_a_status() {
        for (code, _) in STATUSES {
            assert!(
                birqadam_texts::problem_title(code, Language::En).is_some(),
                "no title for {code}"
            );
        }
        for entry in birqadam_texts::PROBLEM_TITLES {
            assert!(is_known(entry.code), "no status for {}", entry.code);
        }
    }

    #[test]
    fn not_found_is_localised() {
        let s = StatusCode::NOT_FOUND;
        assert_eq!(title("not_found", s, Language::Ru), "Не найдено");
        assert_eq!(title("not_found", s, Language::Kk), "Табылмады");
        assert_eq!(title("not_found", s, Language::En), "Not found");
        assert_eq!(field_message("required", Language::Kk), "Міндетті өріс");
        assert_eq!(field_message("no_such_code", Language::En), "Invalid value");
    }

    #[test]
    fn photo_error_codes_are_in_the_catalogue() {
        use birqadam_photos::PhotoError;
        for e in [
            PhotoError::TooLarge,
            PhotoError::UnsupportedType,
            PhotoError::TooManyPixels,
        ] {
            assert!(is_known(e.code()), "missing {}", e.code());
        }
    }
}
