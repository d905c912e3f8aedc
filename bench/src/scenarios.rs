//! The scenarios: `leaderboard` (seeded volunteers, rebuild, sequential and wrk figures),
//! `auth` (registrations and logins over HTTP at the service's own Argon2 cost) and
//! `denominators` (PostgreSQL alone).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use serde_json::{Value, json};

use crate::cluster::Cluster;
use crate::load::{Call, Run, client, closed_loop, wrk};
use crate::seed;
use crate::serve::Serve;
use crate::stats::Figure;

mod auth;

pub use auth::auth;

/// How a scenario runs.
pub struct Options<'a> {
    /// Runs per figure.
    pub runs: usize,
    /// Seconds per wrk or pgbench run.
    pub secs: u32,
    /// The `birqadam` binary to serve with.
    pub bin: &'a Path,
    /// Where serve's data directories go.
    pub data: &'a Path,
    /// Tiny sizes (the smoke run: checks that everything runs, measures nothing).
    pub small: bool,
    /// Rebuilds of all views per leaderboard size.
    pub rebuild_runs: usize,
    /// Reuse a board an earlier run seeded completely.
    pub reuse: bool,
    /// Only seed the boards and catch up their views and audit tree (measure later with `reuse`).
    pub seed_only: bool,
}

/// Seeds `volunteers`, rebuilds the views, then reads the leaderboard over HTTP.
pub async fn leaderboard(
    cluster: &Cluster,
    options: &Options<'_>,
    volunteers: usize,
) -> anyhow::Result<(Value, Vec<Figure>)> {
    let name = format!("bench_board_{volunteers}");
    let data = options.data.join(&name);
    let Some((url, pool, commands_per_sec)) =
        seeded_board(cluster, options, &name, &data, volunteers).await?
    else {
        return Ok((
            json!({"volunteers": volunteers, "seeded only": true}),
            Vec::new(),
        ));
    };
    let (applied, secs) = seed::catch_up_views(&pool).await?;
    let events: i64 = sqlx::query_scalar("select count(*) from events")
        .fetch_one(&pool)
        .await?;
    let mut figures = vec![Figure::new(
        "seed: commands through Commands (24 at once)",
        "cmd/s",
        vec![commands_per_sec],
    )];
    // a board seeded with --seed-only caught up then (on a machine that may have been busy)
    if applied > 0 {
        figures.push(Figure::new(
            "views: first catch-up, all projectors (one per core at a time)",
            "events/s",
            vec![applied as f64 / secs],
        ));
    }
    let mut rebuilds = Vec::new();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    for _ in 0..options.rebuild_runs {
        let started = Instant::now();
        let projectors = birqadam_projections::all_projectors();
        birqadam_projections::rebuild_all(&pool, &projectors, 5000, cores).await?;
        rebuilds.push(events as f64 / started.elapsed().as_secs_f64());
    }
    if !rebuilds.is_empty() {
        figures.push(Figure::new(
            format!("views: rebuild of all 10 views from {events} events, {cores} at a time"),
            "events/s",
            rebuilds,
        ));
    }
    pool.close().await;
    let serve = Serve::start(options.bin, &url, &data).await?;
    let audited = crate::cluster::pool(&url, 2).await?;
    crate::audit::signed_to_the_end(&audited).await?;
    audited.close().await;
    let idle = serve.rss_mb();
    let http = client();
    let probe_email = seed::email("v", volunteers / 2);
    let token = login(&http, &serve.base, &probe_email, seed::PASSWORD).await?;
    let bearer = format!("Authorization: Bearer {token}");
    let mut probe = Value::Null;
    let peak = serve.watch_peak();
    for period in ["all", "month", "week"] {
        let target = format!("{}/api/v1/leaderboard?period={period}", serve.base);
        let body: Value = http
            .get(&target)
            .bearer_auth(&token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        if period == "all" {
            probe = json!({"me": body["me"], "total": body["total"]});
        }
        let (mut p50, mut p99) = (Vec::new(), Vec::new());
        for _ in 0..options.runs {
            let call = get_call(&http, &target, &token);
            let run = closed_loop(call, 1, 0, 400).await;
            p50.push(run.p50_ms);
            p99.push(run.p99_ms);
        }
        figures.push(Figure::new(
            format!("leaderboard {period} + me, sequential p50"),
            "ms",
            p50,
        ));
        figures.push(Figure::new(
            format!("leaderboard {period} + me, sequential p99"),
            "ms",
            p99,
        ));
    }
    let target = format!("{}/api/v1/leaderboard?period=all", serve.base);
    for connections in [8, 64] {
        let runs: Vec<Run> = (0..options.runs)
            .map(|_| wrk(&target, Some(&bearer), connections, options.secs))
            .collect::<anyhow::Result<_>>()?;
        push_runs(
            &mut figures,
            &format!("leaderboard all + me, wrk c={connections}"),
            &runs,
        );
    }
    figures.push(Figure::new(
        "serve RSS idle (after seeding)",
        "MB",
        vec![idle],
    ));
    figures.push(Figure::new(
        "serve RSS peak under leaderboard load",
        "MB",
        vec![peak.mb()],
    ));
    // the same log through the auditors' tools (serve keeps signing checkpoints meanwhile)
    figures.extend(crate::audit::figures(options.bin, &url, &data, options.runs).await?);
    let parameters = json!({"volunteers": volunteers, "events": events, "probe": probe});
    Ok((parameters, figures))
}

/// The marker an earlier run left beside a completely seeded board.
#[derive(serde::Serialize, serde::Deserialize)]
struct SeededMarker {
    volunteers: usize,
    commands_per_sec: f64,
}

/// The board database `name` with `volunteers` seeded: seeded now (a fresh database), or with
/// `--reuse` the one an earlier run seeded completely (its marker in `data`); `None` after
/// seeding with `--seed-only`. Returns its URL, a pool and the seeding rate.
async fn seeded_board(
    cluster: &Cluster,
    options: &Options<'_>,
    name: &str,
    data: &Path,
    volunteers: usize,
) -> anyhow::Result<Option<(String, sqlx::PgPool, f64)>> {
    let marker_path = data.join("seeded.json");
    if options.reuse {
        let marker = std::fs::read(&marker_path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<SeededMarker>(&bytes).ok())
            .filter(|m| m.volunteers == volunteers);
        if let Some(marker) = marker {
            let (url, pool) = cluster.existing(name, 40).await?;
            return Ok(Some((url, pool, marker.commands_per_sec)));
        }
    }
    let _ = std::fs::remove_file(&marker_path);
    let (url, pool) = cluster.migrated(name, 40).await?;
    let commands = seed::commands(&pool, data)?;
    let seeded = seed::volunteers(&commands, "v", volunteers, 2000).await?;
    let marker = SeededMarker {
        volunteers,
        commands_per_sec: seeded.commands_per_sec,
    };
    std::fs::write(&marker_path, serde_json::to_vec(&marker)?)
        .with_context(|| format!("writing {}", marker_path.display()))?;
    if options.seed_only {
        // the views and the audit tree catch up now, so the measuring run starts on a quiet log
        seed::catch_up_views(&pool).await?;
        pool.close().await;
        let serve = Serve::start(options.bin, &url, data).await?;
        let audited = crate::cluster::pool(&url, 2).await?;
        crate::audit::signed_to_the_end(&audited).await?;
        audited.close().await;
        drop(serve);
        return Ok(None);
    }
    Ok(Some((url, pool, seeded.commands_per_sec)))
}

/// Pushes rate, p50, p99, errors (and 503s when any) of `runs` under `name`.
pub fn push_runs(figures: &mut Vec<Figure>, name: &str, runs: &[Run]) {
    let pick = |f: fn(&Run) -> f64| runs.iter().map(f).collect::<Vec<_>>();
    figures.push(Figure::new(
        format!("{name}: rate"),
        "req/s",
        pick(|r| r.per_sec),
    ));
    figures.push(Figure::new(
        format!("{name}: p50"),
        "ms",
        pick(|r| r.p50_ms),
    ));
    figures.push(Figure::new(
        format!("{name}: p99"),
        "ms",
        pick(|r| r.p99_ms),
    ));
    figures.push(Figure::new(
        format!("{name}: errors"),
        "per 1000",
        pick(|r| r.errors_per_1000),
    ));
    if runs.iter().any(|r| r.busy_per_1000 > 0.0) {
        figures.push(Figure::new(
            format!("{name}: 503 busy"),
            "per 1000",
            pick(|r| r.busy_per_1000),
        ));
    }
}

/// Logs in over HTTP; returns the access token.
pub async fn login(
    http: &reqwest::Client,
    base: &str,
    login: &str,
    password: &str,
) -> anyhow::Result<String> {
    let body: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"login": login, "password": password}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    body["tokens"]["access_token"]
        .as_str()
        .map(str::to_owned)
        .context("the login answer has no access token")
}

fn get_call(http: &reqwest::Client, url: &str, token: &str) -> Call {
    let (http, url, token) = (http.clone(), url.to_owned(), token.to_owned());
    Arc::new(move |_| {
        let request = http.get(&url).bearer_auth(&token).send();
        Box::pin(async move {
            match request.await {
                Ok(r) => {
                    let status = r.status().as_u16();
                    if r.bytes().await.is_ok() { status } else { 0 }
                }
                Err(_) => 0,
            }
        })
    })
}
