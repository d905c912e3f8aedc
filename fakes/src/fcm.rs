//! A fake FCM HTTP v1 API and its OAuth token endpoint (the outside world we cannot reach): an
//! axum server on port 0 that issues access tokens for a JWT-bearer assertion signed with the
//! test service account's key (checked: RS256, `aud` = `token_uri`, the messaging scope), and
//! answers `POST /v1/projects/{project}/messages:send` — refusing tokens it did not issue (401),
//! `data` values that are not strings (400 INVALID_ARGUMENT), and scripted errors per device
//! token (404 UNREGISTERED, 503 with Retry-After, 400 invalid token, 401).
//!
//! The key pair in `fcm/test-key*.pem` exists only for these fakes (the tests and the benchmarks).

mod oauth;
pub mod server;

pub use server::{FakeFcm, FcmScript};
