//! Requests the typed helpers do not cover (raw bodies, extra headers, PATCH/DELETE) and the
//! problem+json assertions shared by the account scenarios.

use reqwest::Method;
use serde_json::{Value, json};

use super::TestApp;
use super::app::Reply;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

impl TestApp {
    /// Sends a request with a raw body and arbitrary headers (content type included).
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Reply {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.address));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.body(body);
        }
        Self::read(request.send().await.expect("the request is sent")).await
    }

    /// POST JSON with extra headers (e.g. `Idempotency-Key`).
    pub async fn post_with_headers(
        &self,
        path: &str,
        body: &Value,
        token: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let bearer = token.map(|t| format!("Bearer {t}"));
        let mut all: Vec<(&str, &str)> = vec![("content-type", "application/json")];
        if let Some(bearer) = &bearer {
            all.push(("authorization", bearer));
        }
        all.extend_from_slice(headers);
        let bytes = serde_json::to_vec(body).expect("a JSON body");
        self.send_raw(Method::POST, path, &all, Some(bytes)).await
    }

    /// PATCH JSON.
    pub async fn patch(&self, path: &str, body: &Value, token: Option<&str>) -> Reply {
        self.send(Method::PATCH, path, Some(body), token).await
    }

    /// DELETE.
    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::DELETE, path, None, token).await
    }

    /// POST `/api/v1/auth/register` with `body` as is.
    pub async fn register(&self, body: &Value) -> Reply {
        self.post("/api/v1/auth/register", body, None).await
    }
}

/// A registration body with the default test password.
pub fn registration(name: &str, email: &str, phone: Option<&str>) -> Value {
    let mut body = json!({"name": name, "email": email, "password": "password123"});
    if let Some(phone) = phone {
        body["phone"] = json!(phone);
    }
    body
}

/// Asserts an error reply: exact status, problem `code` and the problem+json media type.
#[track_caller]
pub fn assert_problem(reply: &Reply, status: u16, code: &str) {
    assert_eq!(
        reply.status.as_u16(),
        status,
        "status of {:?}",
        String::from_utf8_lossy(&reply.bytes)
    );
    assert_eq!(reply.code(), code, "code of {:?}", reply.json);
    let content_type = reply
        .headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert_eq!(
        content_type, PROBLEM_JSON,
        "content type of {:?}",
        reply.json
    );
    assert_eq!(reply.json["status"], json!(status), "body status");
}

/// The `(field, code)` pairs of a validation problem.
pub fn field_errors(reply: &Reply) -> Vec<(String, String)> {
    reply.json["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or_default().to_owned(),
                        e["code"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Asserts a 422 `validation.failed` naming `field` with `code`.
#[track_caller]
pub fn assert_field_error(reply: &Reply, field: &str, code: &str) {
    assert_problem(reply, 422, "validation.failed");
    let errors = field_errors(reply);
    assert!(
        errors.iter().any(|(f, c)| f == field && c == code),
        "expected {field}/{code} among {errors:?}"
    );
}
