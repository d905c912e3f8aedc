//! Driving HTTP: a sequential loop and a closed-loop client pool (reqwest) for requests that
//! differ per call, and `wrk` for a fixed GET at a given number of connections.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures::future::BoxFuture;

use crate::stats::quantile;

/// What a batch of requests did.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// Completed requests per second.
    pub per_sec: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile latency, ms.
    pub p99_ms: f64,
    /// Requests answered with another status than 2xx or 503 (or not at all), per 1,000.
    pub errors_per_1000: f64,
    /// Requests answered 503 `service.busy` (shed by a bounded queue), per 1,000.
    pub busy_per_1000: f64,
}

/// A request maker: call `n` → the answer's status (0: no answer).
pub type Call = Arc<dyn Fn(usize) -> BoxFuture<'static, u16> + Send + Sync>;

/// Runs `total` calls from `clients` concurrent loops (each call numbered from `first`).
pub async fn closed_loop(call: Call, clients: usize, first: usize, total: usize) -> Run {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let loops = (0..clients).map(|_| {
        let call = Arc::clone(&call);
        let next = Arc::clone(&next);
        tokio::spawn(async move {
            let mut seen = Vec::new();
            let (mut failed, mut busy) = (0usize, 0usize);
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= total {
                    return (seen, failed, busy);
                }
                let t = Instant::now();
                match call(first + n).await {
                    200..=299 => {}
                    503 => busy += 1,
                    _ => failed += 1,
                }
                seen.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        })
    });
    let mut latencies = Vec::with_capacity(total);
    let (mut failed, mut busy) = (0, 0);
    for done in futures::future::join_all(loops).await {
        let (seen, f, b) = done.unwrap_or_default();
        latencies.extend(seen);
        failed += f;
        busy += b;
    }
    let per_1000 = |n: usize| n as f64 * 1000.0 / latencies.len().max(1) as f64;
    let secs = started.elapsed().as_secs_f64();
    Run {
        per_sec: latencies.len() as f64 / secs,
        p50_ms: quantile(&latencies, 0.5),
        p99_ms: quantile(&latencies, 0.99),
        errors_per_1000: per_1000(failed),
        busy_per_1000: per_1000(busy),
    }
}

/// `wrk -t2 -c<connections> -d<secs>s --latency [-H header] url`.
pub fn wrk(url: &str, header: Option<&str>, connections: u32, secs: u32) -> anyhow::Result<Run> {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t", "2", "--latency", "--timeout", "10s"])
        .arg("-c")
        .arg(connections.to_string())
        .arg("-d")
        .arg(format!("{secs}s"));
    if let Some(h) = header {
        cmd.arg("-H").arg(h);
    }
    let out = cmd
        .arg(url)
        .output()
        .context("running wrk (apt-get install wrk)")?;
    if !out.status.success() {
        bail!("wrk failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    parse_wrk(&String::from_utf8_lossy(&out.stdout)).context("wrk's report is not readable")
}

/// Reads requests/s, the 50 % and 99 % latencies and the non-2xx count from wrk's report.
pub fn parse_wrk(report: &str) -> Option<Run> {
    let mut per_sec = None;
    let (mut p50, mut p99) = (None, None);
    let mut requests = None;
    let mut bad = 0.0;
    for line in report.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("Requests/sec:"), Some(n)) => per_sec = n.parse().ok(),
            (Some("50%"), Some(t)) => p50 = duration_ms(t),
            (Some("99%"), Some(t)) => p99 = duration_ms(t),
            (Some("Non-2xx"), _) => {
                bad = line.rsplit(' ').next().and_then(|n| n.parse().ok())?;
            }
            (Some(n), Some("requests")) => requests = n.parse::<f64>().ok(),
            _ => {}
        }
    }
    Some(Run {
        per_sec: per_sec?,
        p50_ms: p50?,
        p99_ms: p99?,
        errors_per_1000: bad * 1000.0 / requests.unwrap_or(1.0).max(1.0),
        busy_per_1000: 0.0,
    })
}

/// `812.00us`, `1.23ms`, `2.01s` → milliseconds.
fn duration_ms(text: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

/// A client for the harness's own requests (no pooling limits, generous timeout).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(256)
        .build()
        .expect("a reqwest client with static settings builds")
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Running 5s test @ http://127.0.0.1:1/api/v1/leaderboard
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.10ms  612.00us  12.01ms   90.00%
  Latency Distribution
     50%  812.00us
     75%    1.20ms
     90%    1.90ms
     99%    3.50ms
  7000 requests in 5.00s, 9.00MB read
  Non-2xx or 3xx responses: 7
Requests/sec:   1400.00
Transfer/sec:      1.80MB
";

    #[test]
    fn a_wrk_report_gives_rate_percentiles_and_errors() {
        let run = parse_wrk(REPORT).expect("a readable report");
        assert_eq!(run.per_sec, 1400.0);
        assert!((run.p50_ms - 0.812).abs() < 1e-9);
        assert_eq!(run.p99_ms, 3.5);
        assert_eq!(run.errors_per_1000, 1.0);
    }

    #[tokio::test]
    async fn a_closed_loop_makes_every_call_once_and_counts_failures() {
        let call: Call = Arc::new(|n| {
            Box::pin(async move {
                match n % 10 {
                    0 => 500,
                    1 => 503,
                    _ => 200,
                }
            })
        });
        let run = closed_loop(call, 4, 0, 100).await;
        assert_eq!((run.errors_per_1000, run.busy_per_1000), (100.0, 100.0));
        assert!(run.per_sec > 0.0);
    }
}
