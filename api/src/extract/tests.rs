use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::from_fn;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::*;
use crate::test_support::{json_req, req, send};

mod body;
mod params;

#[derive(Debug, Deserialize, Serialize)]
struct Dto {
    email: String,
    age: u8,
    tags: Option<Vec<Tag>>,
}

#[derive(Debug, Deserialize, Serialize)]
struct Tag {
    name: String,
}

#[derive(Debug, Deserialize)]
struct Page {
    #[expect(dead_code, reason = "only parsed")]
    limit: u32,
}

#[derive(Debug, Deserialize)]
struct Search {
    q: String,
}

fn get_req(uri: &str) -> axum::http::Request<Body> {
    req("GET", uri).body(Body::empty()).expect("req")
}

fn app() -> Router {
    Router::new()
        .route(
            "/dto",
            post(|AppJson(dto): AppJson<Dto>| async move { AppJson(dto) }),
        )
        .route(
            "/things/{id}",
            get(|AppPath(id): AppPath<Uuid>| async move { id.to_string() }),
        )
        .route("/list", get(|AppQuery(_): AppQuery<Page>| async { "ok" }))
        .route(
            "/words/{word}",
            get(|AppPath(word): AppPath<String>| async move { word }),
        )
        .route(
            "/search",
            get(|AppQuery(s): AppQuery<Search>| async move { s.q }),
        )
        .layer(DefaultBodyLimit::max(256))
        .layer(from_fn(crate::language::set_language))
}
