//! `birqadam audit verify`: the operator's full check of the stored log (needs the database):
//! every stored event re-encoded and compared with its leaf, the tree recomputed, every stored
//! signed checkpoint opened with the key and compared with the root of its size.

use birqadam_audit::VerifierKey;
use birqadam_projections::queries::{AuditVerification, verify_log};
use sqlx::PgPool;

/// Audits the log of `pool` against `key`; the report as the auditor reads it. A failure is an
/// `Err` naming the first bad position and why (the binary then exits with status 1).
pub async fn verify_database(pool: &PgPool, key: &VerifierKey) -> anyhow::Result<String> {
    let mut conn = pool.acquire().await?;
    let report = verify_log(&mut conn, key).await?;
    describe(&report)
}

/// The report of a verification: `Ok` when clean, an `Err` with the first finding otherwise.
pub fn describe(report: &AuditVerification) -> anyhow::Result<String> {
    if report.ok {
        return Ok(format!(
            "ok: {} events, every leaf matches its event, root {}",
            report.events,
            report.head_hash.to_base64()
        ));
    }
    let at = report.first_bad_position.map_or_else(
        || "no position can be named".to_owned(),
        |p| format!("first bad position {p}"),
    );
    let why = report
        .first_finding()
        .map_or_else(|| "unknown".to_owned(), ToString::to_string);
    let more = report.findings.len().saturating_sub(1);
    Err(anyhow::anyhow!(
        "the log does not verify ({at}): {why}{}",
        if more > 0 {
            format!(" (and {more} more findings)")
        } else {
            String::new()
        }
    ))
}
