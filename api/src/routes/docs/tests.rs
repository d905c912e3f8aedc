use super::OPENAPI_JSON;

mod statuses;

/// Every path of `API.md` (plus the operational ones), as OpenAPI path templates.
const API_MD_PATHS: &[(&str, &[&str])] = &[
    ("/api/v1/auth/register", &["post"]),
    ("/api/v1/auth/login", &["post"]),
    ("/api/v1/auth/refresh", &["post"]),
    ("/api/v1/auth/logout", &["post"]),
    ("/api/v1/me", &["get", "patch"]),
    ("/api/v1/me/telegram-link-code", &["post"]),
    ("/api/v1/me/devices", &["post"]),
    ("/api/v1/me/devices/{token}", &["delete"]),
    ("/api/v1/organizer-application", &["post"]),
    ("/api/v1/admin/organizer-applications", &["get"]),
    (
        "/api/v1/admin/organizer-applications/{account_id}/approve",
        &["post"],
    ),
    (
        "/api/v1/admin/organizer-applications/{account_id}/reject",
        &["post"],
    ),
    ("/api/v1/admin/accounts/{id}/roles", &["post"]),
    ("/api/v1/admin/accounts/{id}/revoke-sessions", &["post"]),
    ("/api/v1/projects", &["get", "post"]),
    ("/api/v1/projects/{id}", &["get", "patch", "delete"]),
    ("/api/v1/projects/{id}/restore", &["post"]),
    ("/api/v1/admin/projects/{id}/approve", &["post"]),
    ("/api/v1/admin/projects/{id}/reject", &["post"]),
    ("/api/v1/projects/{id}/join", &["post"]),
    ("/api/v1/projects/{id}/leave", &["post"]),
    ("/api/v1/projects/{id}/members", &["get"]),
    ("/api/v1/projects/{id}/tasks", &["get", "post"]),
    ("/api/v1/tasks/{id}", &["delete"]),
    ("/api/v1/me/tasks", &["get"]),
    ("/api/v1/tasks/{id}/accept", &["post"]),
    ("/api/v1/tasks/{id}/decline", &["post"]),
    ("/api/v1/tasks/{id}/reports", &["post"]),
    ("/api/v1/me/reports", &["get"]),
    ("/api/v1/moderation/reports", &["get"]),
    ("/api/v1/reports/{id}", &["get"]),
    ("/api/v1/reports/{id}/approve", &["post"]),
    ("/api/v1/reports/{id}/reject", &["post"]),
    ("/api/v1/photos/{id}", &["get"]),
    ("/api/v1/leaderboard", &["get"]),
    ("/api/v1/achievements", &["get"]),
    ("/api/v1/me/rating-history", &["get"]),
    ("/api/v1/me/activity", &["get"]),
    ("/api/v1/admin/accounts/{id}/rating-adjustments", &["post"]),
    ("/api/v1/me/rating-history/{position}/receipt", &["get"]),
    ("/api/v1/audit/events", &["get"]),
    ("/api/v1/audit/verify", &["get"]),
    ("/api/v1/audit/key", &["get"]),
    ("/api/v1/audit/checkpoint", &["get"]),
    ("/api/v1/audit/checkpoints", &["get"]),
    ("/api/v1/audit/proof/inclusion", &["get"]),
    ("/api/v1/audit/proof/consistency", &["get"]),
    ("/health/live", &["get"]),
    ("/health/ready", &["get"]),
    ("/metrics", &["get"]),
    ("/api/v1/openapi.json", &["get"]),
];

#[test]
fn the_openapi_document_parses_and_covers_every_path_of_api_md() {
    let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).expect("openapi.json is JSON");
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    for (path, methods) in API_MD_PATHS {
        let item = &doc["paths"][path];
        assert!(item.is_object(), "missing path {path}");
        for m in *methods {
            assert!(item[m].is_object(), "missing {m} {path}");
        }
    }
}

#[test]
fn the_document_marks_no_operation_as_planned() {
    // every path of API.md is served now (the audit paths were the last planned ones)
    let planned = OPENAPI_JSON.contains("\"x-status\"") || OPENAPI_JSON.contains("PLANNED");
    assert!(!planned, "an operation is still marked planned");
}

#[test]
fn the_audit_events_are_documented_as_ndjson_and_the_key_and_checkpoints_as_public() {
    let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).expect("json");
    let events = &doc["paths"]["/api/v1/audit/events"]["get"]["responses"]["200"]["content"];
    assert!(events["application/x-ndjson"].is_object(), "{events}");
    for path in [
        "/api/v1/audit/key",
        "/api/v1/audit/checkpoint",
        "/api/v1/audit/checkpoints",
    ] {
        let security = &doc["paths"][path]["get"]["security"];
        assert_eq!(security, &serde_json::json!([]), "{path} is public");
    }
}

#[test]
fn every_state_changing_post_documents_the_idempotency_key() {
    let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).expect("json");
    let paths = doc["paths"].as_object().expect("paths");
    for (path, item) in paths {
        let Some(post) = item.get("post") else {
            continue;
        };
        let params = post["parameters"].as_array().cloned().unwrap_or_default();
        let has_key = params
            .iter()
            .any(|p| p["$ref"] == "#/components/parameters/IdempotencyKey");
        assert!(has_key, "POST {path} lacks the Idempotency-Key parameter");
    }
}

#[test]
fn every_problem_code_of_the_catalogue_is_documented() {
    let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).expect("json");
    let codes = doc["components"]["schemas"]["Problem"]["properties"]["code"]["enum"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (code, _) in crate::problems::STATUSES {
        assert!(
            codes.iter().any(|c| c == code),
            "code {code} missing from Problem.code enum"
        );
    }
}
