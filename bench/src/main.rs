//! `birqadam-bench`: the benchmark harness (see BENCHMARKS.md). It starts its own PostgreSQL
//! (default durability) under `.data/bench-pg`, seeds through `Commands` in process, runs
//! `birqadam serve` as a child (against fake Telegram and FCM servers for the notifier), drives
//! it with reqwest and `wrk`, prints a table per scenario
//! and writes `bench/results/<scenario>-<time>.json`.

mod audit;
mod cluster;
mod denominators;
mod lag;
mod load;
mod moderation;
mod notify;
mod scenarios;
mod seed;
mod serve;
mod stats;
mod world;

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

use crate::scenarios::Options;
use crate::stats::{Report, machine};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Scenario {
    /// pgbench and COPY on the harness's cluster.
    Denominators,
    /// Seeded volunteers, view rebuild, leaderboard over HTTP.
    Leaderboard,
    /// Registrations and logins over HTTP.
    Auth,
    /// Approvals of distinct reports and joins of one project, over HTTP and in process.
    Commands,
    /// The notifier against fake Telegram (its limits enforced) and FCM.
    Notify,
    /// All of the above.
    All,
}

#[derive(Debug, Parser)]
#[command(about = "BirQadam benchmark harness")]
struct Cli {
    /// What to measure.
    scenario: Scenario,
    /// Runs per figure (min / median / max are reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Seconds per wrk and pgbench run.
    #[arg(long, default_value_t = 10)]
    secs: u32,
    /// Leaderboard sizes (volunteers), comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "10000")]
    volunteers: Vec<usize>,
    /// The harness's cluster directory.
    #[arg(long, default_value = ".data/bench-pg")]
    pg_dir: PathBuf,
    /// The harness's cluster port.
    #[arg(long, default_value_t = 55_497)]
    pg_port: u16,
    /// The `birqadam` binary (default: next to this one).
    #[arg(long)]
    serve_bin: Option<PathBuf>,
    /// Tiny sizes for the commands scenario (a smoke run, not a measurement).
    #[arg(long)]
    small: bool,
    /// Rebuilds of all views per leaderboard size (default: --runs).
    #[arg(long)]
    rebuild_runs: Option<usize>,
    /// Leaderboard: reuse a board an earlier run seeded completely (its marker under .data/bench).
    #[arg(long)]
    reuse: bool,
    /// Leaderboard: only seed the boards and catch their views and audit tree up (measure them
    /// later with --reuse).
    #[arg(long)]
    seed_only: bool,
    /// Where the JSON results go.
    #[arg(long, default_value = "bench/results")]
    out: PathBuf,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    let cluster = cluster::Cluster::start(cli.pg_dir.clone(), cli.pg_port)?;
    let bin = match &cli.serve_bin {
        Some(bin) => bin.clone(),
        None => serve::default_bin()?,
    };
    let data = PathBuf::from(".data/bench");
    let options = Options {
        runs: cli.runs.max(1),
        secs: cli.secs,
        bin: &bin,
        data: &data,
        small: cli.small,
        rebuild_runs: cli.rebuild_runs.unwrap_or(cli.runs.max(1)),
        reuse: cli.reuse,
        seed_only: cli.seed_only,
    };
    let wants = |s: Scenario| cli.scenario == s || cli.scenario == Scenario::All;
    if wants(Scenario::Denominators) {
        let machine = machine();
        let figures = denominators::measure(&cluster, options.runs, cli.secs).await?;
        finish(
            &cli,
            "denominators",
            serde_json::json!({}),
            machine,
            figures,
        )?;
    }
    if wants(Scenario::Leaderboard) {
        for &n in &cli.volunteers {
            let machine = machine();
            let (parameters, figures) = scenarios::leaderboard(&cluster, &options, n).await?;
            if figures.is_empty() {
                println!("leaderboard-{n}: seeded; measure it with --reuse");
                continue;
            }
            finish(
                &cli,
                &format!("leaderboard-{n}"),
                parameters,
                machine,
                figures,
            )?;
        }
    }
    if wants(Scenario::Auth) {
        let machine = machine();
        let (parameters, figures) = scenarios::auth(&cluster, &options).await?;
        finish(&cli, "auth", parameters, machine, figures)?;
    }
    if wants(Scenario::Commands) {
        let machine = machine();
        let (parameters, figures) = moderation::measure(&cluster, &options).await?;
        finish(&cli, "commands", parameters, machine, figures)?;
    }
    if wants(Scenario::Notify) {
        let machine = machine();
        let (parameters, figures) = notify::measure(&cluster, &options).await?;
        finish(&cli, "notify", parameters, machine, figures)?;
    }
    Ok(())
}

fn finish(
    cli: &Cli,
    scenario: &str,
    parameters: serde_json::Value,
    machine: serde_json::Value,
    figures: Vec<stats::Figure>,
) -> anyhow::Result<()> {
    let report = Report {
        scenario: scenario.to_owned(),
        parameters,
        finished_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        machine,
        figures,
    };
    report.print();
    let path = report.write(&cli.out)?;
    println!("written to {}", path.display());
    Ok(())
}
