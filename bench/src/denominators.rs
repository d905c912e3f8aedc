//! What PostgreSQL itself does here, measured in the same run: pgbench single-row INSERT
//! transactions into an events-shaped table (1 and 16 clients), a "load 10 events + append"
//! transaction, and an ordered COPY of an events table.

use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, bail};

use crate::cluster::{Cluster, pool};
use crate::stats::Figure;

const SCHEMA: &str = "
create table ev (
    aggregate_type text not null, aggregate_id text not null, sequence bigint not null,
    event_type text not null, event_version text not null, payload jsonb not null,
    metadata jsonb not null, global_position bigint generated always as identity,
    transaction_id xid8 not null default pg_current_xact_id(),
    recorded_at timestamptz not null default now(),
    primary key (aggregate_type, aggregate_id, sequence));
create unique index on ev (global_position);
create index on ev (transaction_id, global_position);
create table ev_ro (like ev including all);
";

/// The events of `ev_ro`: `AGGREGATES` streams of 10 events, inserted interleaved.
const AGGREGATES: i64 = 20_000;

const INSERT: &str = "insert into ev (aggregate_type, aggregate_id, sequence, event_type, \
event_version, payload, metadata) values ('Account', md5(random()::text), 1, 'RatingAdjusted', \
'1.0', '{\"RatingAdjusted\": {\"actor\": {\"id\": \"0199a7c4-2f7e-7c1a-9d0e-5b1c2a3d4e5f\", \
\"roles\": [\"admin\"]}, \"delta\": 5, \"delta_applied\": 5, \"rating_after\": 105, \
\"reason\": \"cleaned the river bank on Saturday\"}}', '{\"channel\": \"api\", \
\"request_id\": \"0199a7c4-2f7e-7c1a-9d0e-5b1c2a3d4e5f\", \"occurred_at\": \
\"2026-12-01T10:00:00+00:00\"}');\n";

/// Measures the denominators `runs` times each (`secs` seconds per pgbench run).
pub async fn measure(cluster: &Cluster, runs: usize, secs: u32) -> anyhow::Result<Vec<Figure>> {
    let url = cluster.fresh("bench_denominators").await?;
    let db = pool(&url, 2).await?;
    sqlx::raw_sql(SCHEMA).execute(&db).await?;
    sqlx::query(
        "insert into ev_ro (aggregate_type, aggregate_id, sequence, event_type, event_version,
                            payload, metadata)
         select 'Account', 'agg-' || a, s, 'RatingAdjusted', '1.0',
                jsonb_build_object('RatingAdjusted', jsonb_build_object('delta', s,
                    'reason', repeat('x', 200))),
                '{\"channel\": \"api\", \"occurred_at\": \"2026-12-01T10:00:00+00:00\"}'
           from generate_series(1, 10) s, generate_series(1, $1) a order by s, a",
    )
    .bind(AGGREGATES)
    .execute(&db)
    .await?;
    sqlx::query("vacuum analyze ev_ro").execute(&db).await?;
    let dir = std::env::temp_dir().join("birqadam-bench");
    std::fs::create_dir_all(&dir)?;
    let append = dir.join("append1.sql");
    std::fs::write(&append, INSERT)?;
    let command = dir.join("load_append.sql");
    std::fs::write(
        &command,
        format!(
            "\\set a random(1, {AGGREGATES})\nselect * from ev_ro where aggregate_type = 'Account' \
             and aggregate_id = 'agg-' || :a order by sequence;\nbegin;\n{INSERT}commit;\n"
        ),
    )?;
    let mut figures = Vec::new();
    for clients in [1, 16] {
        let tps = repeat(runs, || pgbench(cluster.port, &append, clients, secs))?;
        figures.push(Figure::new(
            format!("pg: single-row INSERT tx, c={clients}"),
            "tx/s",
            tps,
        ));
    }
    for clients in [1, 16, 64] {
        let tps = repeat(runs, || pgbench(cluster.port, &command, clients, secs))?;
        figures.push(Figure::new(
            format!("pg: load 10 events + append tx, c={clients}"),
            "tx/s",
            tps,
        ));
    }
    let rows = repeat(runs, || copy_rows_per_sec(cluster.port))?;
    figures.push(Figure::new(
        format!("pg: ordered COPY of {} events", AGGREGATES * 10),
        "rows/s",
        rows,
    ));
    db.close().await;
    Ok(figures)
}

fn repeat(runs: usize, mut f: impl FnMut() -> anyhow::Result<f64>) -> anyhow::Result<Vec<f64>> {
    (0..runs).map(|_| f()).collect()
}

/// One pgbench run; its tps (without the initial connection time).
fn pgbench(port: u16, script: &std::path::Path, clients: u32, secs: u32) -> anyhow::Result<f64> {
    let out = Command::new("pgbench")
        .args(["-h", "127.0.0.1", "-U", "postgres", "-n", "-j", "2"])
        .arg("-p")
        .arg(port.to_string())
        .arg("-c")
        .arg(clients.to_string())
        .arg("-T")
        .arg(secs.to_string())
        .arg("-f")
        .arg(script)
        .arg("bench_denominators")
        .output()
        .context("running pgbench (apt-get install postgresql-client)")?;
    if !out.status.success() {
        bail!("pgbench failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    parse_tps(&String::from_utf8_lossy(&out.stdout)).context("no tps in pgbench's output")
}

/// The `tps = N` figure of pgbench's report.
pub fn parse_tps(report: &str) -> Option<f64> {
    report
        .lines()
        .find(|l| l.starts_with("tps = "))
        .and_then(|l| l.trim_start_matches("tps = ").split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

/// `psql -c "COPY (select * from ev_ro order by global_position) TO STDOUT" > /dev/null`.
fn copy_rows_per_sec(port: u16) -> anyhow::Result<f64> {
    let started = Instant::now();
    let status = Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-X",
            "-q",
            "-d",
            "bench_denominators",
        ])
        .arg("-p")
        .arg(port.to_string())
        .arg("-c")
        .arg("copy (select * from ev_ro order by global_position) to stdout")
        .stdout(Stdio::null())
        .status()
        .context("running psql")?;
    if !status.success() {
        bail!("psql copy failed");
    }
    Ok((AGGREGATES * 10) as f64 / started.elapsed().as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tps_line_of_a_pgbench_report_is_read() {
        let report = "number of failed transactions: 0 (0.000%)\nlatency average = 0.512 ms\n\
                      initial connection time = 3.1 ms\ntps = 1953.123456 (without initial connection time)\n";
        assert_eq!(parse_tps(report), Some(1953.123456));
        assert_eq!(parse_tps("nothing"), None);
    }
}
