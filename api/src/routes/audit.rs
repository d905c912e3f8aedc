//! The audit log over HTTP (docs/auditing.md): the lines as NDJSON, proofs, the server-side
//! verification (auditors and admins) and the public key and signed checkpoints (anyone). Who may
//! read what is decided by `Queries`; this module only shapes requests and bodies.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use birqadam_audit::Hash;
use serde::{Deserialize, Serialize};

use crate::auth::AuthUser;
use crate::error::{ApiError, FieldError};
use crate::extract::{AppJson, AppQuery};
use crate::state::AppState;

mod statement;

/// The media type of `/audit/events`.
pub const NDJSON: &str = "application/x-ndjson";
const TEXT: &str = "text/plain; charset=utf-8";
const DEFAULT_LIMIT: u64 = 1000;
const MAX_LIMIT: u64 = 10_000;
const MAX_CHECKPOINTS: i64 = 100;

/// The audit routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/audit/events", get(list_audit_events))
        .route("/audit/key", get(get_audit_key))
        .route("/audit/checkpoint", get(get_audit_checkpoint))
        .route("/audit/checkpoints", get(list_audit_checkpoints))
        .route("/audit/proof/inclusion", get(get_inclusion_proof))
        .route("/audit/proof/consistency", get(get_consistency_proof))
        .route("/audit/verify", get(verify_audit_log))
        .route(
            "/audit/accounts/{id}/statement",
            get(statement::get_account_statement),
        )
}

#[derive(Debug, Deserialize)]
struct EventsQuery {
    after: Option<u64>,
    limit: Option<u64>,
}

/// The stored lines, byte for byte, each followed by `\n`, streamed in short reads.
async fn list_audit_events(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<EventsQuery>,
) -> Result<Response, ApiError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::validation(vec![FieldError::new(
            "limit",
            "out_of_range",
        )]));
    }
    let lines = state
        .queries
        .audit_lines_for(&user.viewer(), query.after, limit)
        .await?;
    let body = futures::stream::try_unfold(lines, |mut lines| async move {
        let Some(chunk) = lines.next_chunk().await? else {
            return Ok(None);
        };
        let mut bytes = Vec::with_capacity(chunk.iter().map(|l| l.len() + 1).sum());
        for line in chunk {
            bytes.extend_from_slice(&line);
            bytes.push(b'\n');
        }
        Ok::<_, birqadam_projections::QueryError>(Some((Bytes::from(bytes), lines)))
    });
    Ok(([(header::CONTENT_TYPE, NDJSON)], Body::from_stream(body)).into_response())
}

/// The log's verifier key, one line.
async fn get_audit_key(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, TEXT)],
        format!("{}\n", state.audit_key),
    )
        .into_response()
}

/// The newest signed checkpoint note; 404 before the first.
async fn get_audit_checkpoint(State(state): State<AppState>) -> Result<Response, ApiError> {
    let checkpoint = state
        .queries
        .audit_latest_checkpoint()
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(([(header::CONTENT_TYPE, TEXT)], checkpoint.note).into_response())
}

#[derive(Debug, Deserialize)]
struct CheckpointsQuery {
    after_size: Option<u64>,
}

#[derive(Debug, Serialize)]
struct CheckpointDto {
    size: u64,
    note: String,
}

/// Up to 100 signed checkpoints above `after_size`, smallest first (continue with the last size).
async fn list_audit_checkpoints(
    State(state): State<AppState>,
    AppQuery(query): AppQuery<CheckpointsQuery>,
) -> Result<AppJson<Vec<CheckpointDto>>, ApiError> {
    let rows = state
        .queries
        .audit_checkpoints(query.after_size.unwrap_or(0), MAX_CHECKPOINTS)
        .await?;
    Ok(AppJson(
        rows.into_iter()
            .map(|c| CheckpointDto {
                size: c.size,
                note: c.note,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize)]
struct InclusionQuery {
    position: u64,
    size: u64,
}

#[derive(Debug, Serialize)]
struct InclusionDto {
    position: u64,
    size: u64,
    leaf_hash: String,
    hashes: Vec<String>,
}

async fn get_inclusion_proof(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<InclusionQuery>,
) -> Result<AppJson<InclusionDto>, ApiError> {
    let proof = state
        .queries
        .audit_inclusion_proof_for(&user.viewer(), query.position, query.size)
        .await?;
    Ok(AppJson(InclusionDto {
        position: proof.position,
        size: proof.size,
        leaf_hash: proof.leaf_hash.to_base64(),
        hashes: base64_all(&proof.hashes),
    }))
}

#[derive(Debug, Deserialize)]
struct ConsistencyQuery {
    from: u64,
    to: u64,
}

#[derive(Debug, Serialize)]
struct ConsistencyDto {
    from: u64,
    to: u64,
    hashes: Vec<String>,
}

async fn get_consistency_proof(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<ConsistencyQuery>,
) -> Result<AppJson<ConsistencyDto>, ApiError> {
    let hashes = state
        .queries
        .audit_consistency_proof_for(&user.viewer(), query.from, query.to)
        .await?;
    Ok(AppJson(ConsistencyDto {
        from: query.from,
        to: query.to,
        hashes: base64_all(&hashes),
    }))
}

#[derive(Debug, Serialize)]
struct VerificationDto {
    events: u64,
    head_hash: String,
    ok: bool,
    first_bad_position: Option<u64>,
}

async fn verify_audit_log(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<AppJson<VerificationDto>, ApiError> {
    let report = state
        .queries
        .audit_verify_for(&user.viewer(), &state.audit_key)
        .await?;
    Ok(AppJson(VerificationDto {
        events: report.events,
        head_hash: report.head_hash.to_base64(),
        ok: report.ok,
        first_bad_position: report.first_bad_position,
    }))
}

fn base64_all(hashes: &[Hash]) -> Vec<String> {
    hashes.iter().map(Hash::to_base64).collect()
}
