//! The hand-written OpenAPI 3.1 document at `/api/v1/openapi.json` and Swagger UI at `/docs`
//! (vendored assets: works offline). The UI loads the document from its URL.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use utoipa_swagger_ui::{Config, SwaggerUi};

/// The OpenAPI document, maintained by hand next to `API.md`.
pub const OPENAPI_JSON: &str = include_str!("../../openapi.json");

/// Where the document is served.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// `/api/v1/openapi.json` and `/docs`.
pub fn router() -> Router {
    let ui: Router = SwaggerUi::new("/docs")
        .config(Config::from(OPENAPI_PATH))
        .into();
    Router::new().route(OPENAPI_PATH, get(openapi)).merge(ui)
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}

#[cfg(test)]
mod tests;
