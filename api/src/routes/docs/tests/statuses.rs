//! Every operation declares the statuses that the shared extractors and middlewares can answer
//! for it (the fuzzer in `scripts/fuzz-api.sh` finds the rest by sending requests).

use serde_json::Value;

use super::super::OPENAPI_JSON;

/// Routes behind a rate limiter (`routes::api_router`).
const RATE_LIMITED: &[(&str, &str)] = &[
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/tasks/{id}/reports"),
];

/// Routes that hash a password, and answer 503 `service.busy` past the hashing bound.
const HASHING: &[(&str, &str)] = &[
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/refresh"),
    ("patch", "/api/v1/me"),
];

struct Operation<'a> {
    method: &'a str,
    path: &'a str,
    op: &'a Value,
}

impl Operation<'_> {
    fn declares(&self, status: &str) -> bool {
        self.op["responses"].get(status).is_some()
    }

    fn assert_declares(&self, statuses: &[&str], why: &str) {
        for status in statuses {
            assert!(
                self.declares(status),
                "{} {} does not declare {status} ({why})",
                self.method,
                self.path
            );
        }
    }

    /// Its parameters, with `$ref`s to `components.parameters` resolved.
    fn parameters<'d>(&'d self, doc: &'d Value) -> Vec<&'d Value> {
        let list = self.op["parameters"]
            .as_array()
            .map_or(&[][..], Vec::as_slice);
        list.iter()
            .map(|p| match p["$ref"].as_str() {
                Some(r) => resolve(doc, r),
                None => p,
            })
            .collect()
    }
}

fn resolve<'d>(doc: &'d Value, reference: &str) -> &'d Value {
    let pointer = reference.strip_prefix('#').expect("a local $ref");
    doc.pointer(pointer)
        .unwrap_or_else(|| panic!("dangling $ref {reference}"))
}

fn with_operations(check: impl Fn(&Value, &Operation<'_>)) {
    let doc: Value = serde_json::from_str(OPENAPI_JSON).expect("openapi.json is JSON");
    let paths = doc["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("a path item") {
            check(&doc, &Operation { method, path, op });
        }
    }
}

#[test]
fn every_operation_that_requires_a_token_declares_401_and_403() {
    with_operations(|doc, op| {
        let security = op.op.get("security").unwrap_or(&doc["security"]);
        if security.as_array().is_some_and(|s| !s.is_empty()) {
            op.assert_declares(&["401", "403"], "no or a bad token; a blocked account");
        } else {
            assert!(
                !op.declares("403"),
                "{} {} needs no token yet declares 403",
                op.method,
                op.path
            );
        }
    });
}

#[test]
fn every_operation_declares_the_timeout_and_the_internal_error() {
    with_operations(|_, op| op.assert_declares(&["408", "500"], "the layer stack"));
}

#[test]
fn every_state_changing_operation_declares_what_the_idempotency_layer_answers() {
    with_operations(|_, op| {
        if matches!(op.method, "post" | "put" | "patch" | "delete") {
            op.assert_declares(&["400", "409", "413"], "Idempotency-Key checks");
        }
    });
}

#[test]
fn every_operation_with_a_body_declares_what_its_extractor_answers() {
    with_operations(|_, op| {
        if op.op.get("requestBody").is_some() {
            op.assert_declares(&["400", "413", "415", "422"], "AppJson or multipart");
        }
    });
}

#[test]
fn every_operation_with_parameters_declares_what_bad_values_answer() {
    with_operations(|doc, op| {
        let params = op.parameters(doc);
        if params.iter().any(|p| p["in"] == "path") {
            op.assert_declares(&["404"], "AppPath: a bad id is not found");
        }
        let query: Vec<_> = params.iter().filter(|p| p["in"] == "query").collect();
        if !query.is_empty() {
            op.assert_declares(&["400"], "AppQuery: request.invalid_query");
        }
        let bounded = |p: &&&Value| {
            let s = &p["schema"];
            ["enum", "$ref", "maximum", "minimum", "maxLength"]
                .iter()
                .any(|k| s.get(k).is_some())
        };
        if query.iter().any(bounded) {
            op.assert_declares(&["422"], "a query value out of its range or enum");
        }
    });
}

#[test]
fn rate_limited_and_password_hashing_operations_declare_retry_after() {
    let doc: Value = serde_json::from_str(OPENAPI_JSON).expect("json");
    for (statuses, list) in [("429", RATE_LIMITED), ("503", HASHING)] {
        for (method, path) in list {
            let response = &doc["paths"][path][method]["responses"][statuses];
            let response = match response["$ref"].as_str() {
                Some(r) => resolve(&doc, r),
                None => response,
            };
            assert!(
                response["headers"]["Retry-After"].is_object(),
                "{method} {path} {statuses} lacks Retry-After"
            );
        }
    }
    let busy = doc["components"]["responses"]["ServiceBusy"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(busy.contains("service.busy"), "{busy}");
}

#[test]
fn only_rate_limited_operations_declare_429() {
    with_operations(|_, op| {
        let limited = RATE_LIMITED.contains(&(op.method, op.path));
        assert_eq!(
            op.declares("429"),
            limited,
            "{} {}: 429 is answered only by rate-limited routes",
            op.method,
            op.path
        );
    });
}

#[test]
fn every_error_response_is_a_problem() {
    with_operations(|doc, op| {
        let responses = op.op["responses"].as_object().expect("responses");
        for (status, response) in responses {
            if !(status.starts_with('4') || status.starts_with('5')) {
                continue;
            }
            let response = match response["$ref"].as_str() {
                Some(r) => resolve(doc, r),
                None => response,
            };
            let schema = &response["content"]["application/problem+json"]["schema"]["$ref"];
            assert_eq!(
                schema, "#/components/schemas/Problem",
                "{} {} {status} is not a problem+json Problem",
                op.method, op.path
            );
        }
    });
}
