//! Approvals of distinct pending reports and joins of one project, at 1, 16 and 64 concurrent
//! clients: over HTTP against `serve` as a child, then in process through the `Commands` of an
//! `App` built as `serve` builds it (views, process managers, read-your-writes waits) — first
//! with the audit tree kept from running (its consumer lock held by the harness), then with it.
//! Conflicts are `command_conflicts_total` from `/metrics` before and after each run.

use std::sync::Arc;

use birqadam::app::{App, Workers};
use birqadam_domain::clock::SystemClock;
use serde_json::{Value, json};
use sqlx::Connection as _;
use uuid::Uuid;

use crate::cluster::Cluster;
use crate::lag::LagProbe;
use crate::load::{Call, Run, client, closed_loop};
use crate::scenarios::{Options, push_runs};
use crate::serve::Serve;
use crate::stats::Figure;
use crate::world::{pending_reports, project, world};

mod calls;
use calls::{approve_in_process, http_approve, http_join, join_in_process, volunteer_tokens};

const CLIENTS: [usize; 3] = [1, 16, 64];

/// Reports approved per run at `clients`.
fn approvals(clients: usize, small: bool) -> usize {
    if small {
        clients + 1
    } else {
        (clients * 3).max(48)
    }
}

/// Volunteers joining one project per run at `clients` (the project has exactly that room).
fn joins(clients: usize, small: bool) -> usize {
    match (small, clients) {
        (true, c) => c + 2,
        (false, 1) => 100,
        (false, 16) => 200,
        (false, _) => 500,
    }
}

/// Seeds, then measures over HTTP and in process.
pub async fn measure(
    cluster: &Cluster,
    options: &Options<'_>,
) -> anyhow::Result<(Value, Vec<Figure>)> {
    let name = "bench_moderation";
    let small = options.small;
    let (url, pool) = cluster.migrated(name, 40).await?;
    let data = options.data.join(name);
    let seeding = crate::seed::commands(&pool, &data)?;
    let per_mode: usize =
        CLIENTS.iter().map(|c| approvals(*c, small)).sum::<usize>() * options.runs;
    let members = (3 * per_mode).max(joins(64, small));
    let world = world(&seeding, members).await?;
    let mut slices = world.volunteers.chunks(per_mode);
    let mut reports = Vec::new();
    for _ in 0..3 {
        let slice = slices.next().unwrap_or_default();
        reports.push(pending_reports(&seeding, &pool, &world, slice).await?);
    }
    let treeless_reports = reports.pop().unwrap_or_default();
    let in_process_reports = reports.pop().unwrap_or_default();
    let http_reports = reports.pop().unwrap_or_default();
    let mut figures = Vec::new();

    let serve = Serve::start(options.bin, &url, &data).await?;
    let http = client();
    let owner_token = crate::scenarios::login(
        &http,
        &serve.base,
        &world.owner_email,
        crate::seed::PASSWORD,
    )
    .await?;
    let approve = |ids| http_approve(&http, &serve.base, &owner_token, ids);
    let label = "approve distinct reports over HTTP";
    let on = (&http, serve.base.as_str(), &pool);
    let runs = approval_runs(on, options, &http_reports, approve).await;
    figures.extend(approval_figures(label, runs));
    let tokens = volunteer_tokens(&seeding, &world, joins(64, small)).await?;
    for clients in CLIENTS {
        let mut runs = Vec::new();
        for _ in 0..options.runs {
            let project = project(&seeding, &world, joins(clients, small)).await?;
            // as a volunteer would: the project is in the catalogue before anyone joins it
            crate::seed::catch_up_views(&pool).await?;
            let call = http_join(&http, &serve.base, &tokens, project, joins(clients, small));
            runs.push(counted(&http, &serve.base, call, clients).await);
        }
        record(
            &mut figures,
            &format!("join one project over HTTP, c={clients}"),
            &runs,
        );
    }
    drop(serve);

    let mut settings = birqadam::settings::Settings::from_lookup(|_| None)?;
    settings.http_addr = "127.0.0.1:0".to_owned();
    settings.rate_limits = false;
    settings.data_dir = data.clone();
    // the audit tree kept from running: its consumer lock held by the harness (released below)
    let tree_held = hold_consumer(&url, "audit.tree").await?;
    let app = App::build(settings, pool.clone(), Arc::new(SystemClock), Workers::ALL).await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    let commands = app.commands.clone();
    // served, for its `/metrics` (the conflict counts): an App only binds until it runs
    let served = tokio::spawn(app.run_until_stopped());
    let approve = |ids| approve_in_process(&commands, &world, ids);
    let label = "approve distinct reports in process, audit tree off";
    let runs = approval_runs((&http, &base, &pool), options, &treeless_reports, approve).await;
    figures.extend(approval_figures(label, runs));
    tree_held.close().await?;
    crate::audit::signed_to_the_end(&pool).await?;
    let approve = |ids| approve_in_process(&commands, &world, ids);
    let label = "approve distinct reports in process";
    let runs = approval_runs((&http, &base, &pool), options, &in_process_reports, approve).await;
    figures.extend(approval_figures(label, runs));
    for clients in CLIENTS {
        let mut runs = Vec::new();
        for _ in 0..options.runs {
            let project = project(&seeding, &world, joins(clients, small)).await?;
            let call = join_in_process(&commands, &world, project, joins(clients, small));
            runs.push(counted(&http, &base, call, clients).await);
        }
        record(
            &mut figures,
            &format!("join one project in process, c={clients}"),
            &runs,
        );
    }
    served.abort();
    Ok((json!({"volunteers": members}), figures))
}

/// A connection holding log consumer `name`'s lock, so no runner applies it until it closes.
async fn hold_consumer(url: &str, name: &str) -> anyhow::Result<sqlx::PgConnection> {
    let mut conn = sqlx::PgConnection::connect(url).await?;
    sqlx::query("select pg_advisory_lock(hashtext('birqadam.projector.' || $1))")
        .bind(name)
        .execute(&mut conn)
        .await?;
    Ok(conn)
}

/// A run of `call` over its whole id list, with the conflicts counted during it.
async fn counted(
    http: &reqwest::Client,
    base: &str,
    call: (Call, usize),
    clients: usize,
) -> (Run, f64) {
    let before = conflicts(http, base).await;
    let run = closed_loop(call.0, clients, 0, call.1).await;
    let after = conflicts(http, base).await;
    (run, (after - before) * 1000.0 / call.1.max(1) as f64)
}

fn record(figures: &mut Vec<Figure>, name: &str, runs: &[(Run, f64)]) {
    figures.extend(figures_of(name, runs));
}

/// The figures of runs: rate, p50, p99, errors and conflicts.
fn figures_of(name: &str, runs: &[(Run, f64)]) -> Vec<Figure> {
    let plain: Vec<Run> = runs.iter().map(|(r, _)| *r).collect();
    let mut figures = Vec::new();
    push_runs(&mut figures, name, &plain);
    figures.push(Figure::new(
        format!("{name}: conflicts"),
        "per 1000",
        runs.iter().map(|(_, c)| *c).collect(),
    ));
    figures
}

/// The approval runs of one mode: per client count, the runs and the catch-up lags (ms) the
/// probe measured during them.
type ApprovalRuns = Vec<(usize, Vec<(Run, f64)>, Vec<f64>)>;

/// `options.runs` runs per client count, each approving the next slice of `reports` through
/// `approve` while a [`LagProbe`] watches the views of `pool`.
async fn approval_runs(
    (http, base, pool): (&reqwest::Client, &str, &sqlx::PgPool),
    options: &Options<'_>,
    reports: &[Uuid],
    approve: impl Fn(Vec<Uuid>) -> (Call, usize),
) -> ApprovalRuns {
    let mut next = 0;
    let mut all = Vec::new();
    for clients in CLIENTS {
        let mut runs = Vec::new();
        let mut lags = Vec::new();
        for _ in 0..options.runs {
            let ids = reports[next..next + approvals(clients, options.small)].to_vec();
            next += ids.len();
            let probe = LagProbe::start(pool.clone());
            runs.push(counted(http, base, approve(ids), clients).await);
            lags.extend(probe.finish().await);
        }
        all.push((clients, runs, lags));
    }
    all
}

/// The figures of one mode's approval runs, its catch-up lags included.
fn approval_figures(label: &str, runs: ApprovalRuns) -> Vec<Figure> {
    let mut figures = Vec::new();
    for (clients, runs, lags) in runs {
        figures.extend(figures_of(&format!("{label}, c={clients}"), &runs));
        let name = format!("{label}, c={clients}: catch-up lag (readable → all views)");
        for (q, what) in [(0.5, "p50"), (0.99, "p99")] {
            figures.push(Figure::new(
                format!("{name} {what}"),
                "ms",
                vec![crate::stats::quantile(&lags, q)],
            ));
        }
    }
    figures
}

/// The sum of every `command_conflicts_total` series.
async fn conflicts(http: &reqwest::Client, base: &str) -> f64 {
    let Ok(r) = http.get(format!("{base}/metrics")).send().await else {
        return 0.0;
    };
    let text = r.text().await.unwrap_or_default();
    text.lines()
        .filter(|l| l.starts_with("command_conflicts_total"))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}
