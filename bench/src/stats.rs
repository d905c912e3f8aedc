//! Figures: latency percentiles, min/median/max over runs, the table and the JSON file.

use std::path::Path;

use anyhow::Context;
use serde::Serialize;

/// The value at quantile `q` (0..=1) of `samples` (nearest rank; 0 when empty).
pub fn quantile(samples: &[f64], q: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// One measured quantity over several runs.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// What was measured (`leaderboard.all.me seq p99`).
    pub name: String,
    /// Its unit (`ms`, `req/s`, `MB`, ...).
    pub unit: String,
    /// One value per run.
    pub runs: Vec<f64>,
    /// Smallest run.
    pub min: f64,
    /// Median run.
    pub median: f64,
    /// Largest run.
    pub max: f64,
}

impl Figure {
    /// A figure from its runs.
    pub fn new(name: impl Into<String>, unit: &str, runs: Vec<f64>) -> Self {
        Self {
            name: name.into(),
            unit: unit.to_owned(),
            min: runs.iter().copied().fold(f64::INFINITY, f64::min),
            median: quantile(&runs, 0.5),
            max: runs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            runs,
        }
    }
}

/// The figures of one scenario, with what it ran on.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The scenario.
    pub scenario: String,
    /// Its parameters (`volunteers=10000`).
    pub parameters: serde_json::Value,
    /// When it finished (RFC 3339).
    pub finished_at: String,
    /// `uname -a`, cores, load average at the start.
    pub machine: serde_json::Value,
    /// The figures.
    pub figures: Vec<Figure>,
}

impl Report {
    /// Prints the table to stdout.
    pub fn print(&self) {
        println!("\n== {} {}", self.scenario, self.parameters);
        println!(
            "{:<58} {:>7} {:>11} {:>11} {:>11}",
            "figure", "unit", "min", "median", "max"
        );
        for f in &self.figures {
            println!(
                "{:<58} {:>7} {:>11.2} {:>11.2} {:>11.2}",
                f.name, f.unit, f.min, f.median, f.max
            );
        }
    }

    /// Writes `dir/<scenario>-<time>.json`; returns the path.
    pub fn write(&self, dir: &Path) -> anyhow::Result<std::path::PathBuf> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let stamp = self.finished_at.replace([':', '+'], "-");
        let path = dir.join(format!("{}-{stamp}.json", self.scenario));
        let body = serde_json::to_string_pretty(self)?;
        std::fs::write(&path, body).with_context(|| format!("writing {}", path.display()))?;
        Ok(path)
    }
}

/// What the machine is and how busy it was when the scenario started.
pub fn machine() -> serde_json::Value {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .unwrap_or("")
        .trim()
        .to_owned();
    serde_json::json!({
        "cpu": cpu,
        "cores": std::thread::available_parallelism().map_or(0, usize::from),
        "loadavg_at_start": read("/proc/loadavg").trim(),
        "note": "other builders share these cores while the harness runs",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_take_the_nearest_rank() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(quantile(&samples, 0.5), 50.0);
        assert_eq!(quantile(&samples, 0.99), 99.0);
        assert_eq!(quantile(&samples, 1.0), 100.0);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }

    #[test]
    fn a_figure_keeps_min_median_and_max_of_its_runs() {
        let f = Figure::new("x", "ms", vec![3.0, 1.0, 2.0]);
        assert_eq!((f.min, f.median, f.max), (1.0, 2.0, 3.0));
    }
}
