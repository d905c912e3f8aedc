//! Operational endpoints, the 404 fallback, rate limits and localised problem titles.

use reqwest::header::CONTENT_TYPE;

use crate::helpers::app::Reply;

mod docs;
mod fallbacks;
mod health;
mod i18n;
mod rate_limits;

fn content_type(reply: &Reply) -> &str {
    reply
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}
