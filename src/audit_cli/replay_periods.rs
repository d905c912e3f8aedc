//! `birqadam audit replay`: every `LeaderboardPeriodClosed` of the export checked against the
//! replay (docs/decisions/0036). A closing commits the ranking over the first `as_of_position`
//! events; the replay recomputes the period's board from the whole export, so it also requires
//! that no change of the period's points comes at or after `as_of_position` (a board changed
//! after it was closed is a finding too), then compares the digest and the top.

use std::fmt;

use birqadam_domain::leaderboard_period::{TOP, TopEntry, ranking_digest};

use super::replay::Replayed;

/// One closed period the replay does not reproduce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodFinding {
    /// The position of the `LeaderboardPeriodClosed` event.
    pub position: u64,
    /// The period's key (`week:2027-W09`).
    pub period: String,
    /// What does not match.
    pub why: String,
}

impl fmt::Display for PeriodFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "position {}: closed period {}: {}",
            self.position, self.period, self.why
        )
    }
}

/// The closed periods of `replayed` whose committed ranking the replay does not reproduce.
pub fn period_findings(replayed: &Replayed) -> Vec<PeriodFinding> {
    let mut out = Vec::new();
    for (position, closing) in &replayed.closings {
        let key = closing.period.key();
        let mut add = |why: String| {
            out.push(PeriodFinding {
                position: *position,
                period: key.clone(),
                why,
            });
        };
        if closing.as_of_position > *position {
            add(format!(
                "as_of_position {} is after the closing event",
                closing.as_of_position
            ));
            continue;
        }
        if let Some(last) = replayed.last_change.get(&key)
            && *last >= closing.as_of_position
        {
            add(format!(
                "the rating change at position {last} counts for the period but comes after \
                 as_of_position {}",
                closing.as_of_position
            ));
            continue;
        }
        let ranking: Vec<_> = replayed
            .ranking(&key)
            .into_iter()
            .map(|(account, standing)| (account, standing.points))
            .collect();
        let digest = ranking_digest(&key, closing.as_of_position, &ranking);
        if digest != closing.digest {
            add(format!(
                "digest: committed {}, replay {digest}",
                closing.digest
            ));
        }
        if u64::try_from(ranking.len()).ok() != Some(closing.total) {
            add(format!(
                "total: committed {}, replay {}",
                closing.total,
                ranking.len()
            ));
        }
        let top: Vec<TopEntry> = ranking
            .iter()
            .take(TOP)
            .map(|&(account_id, points)| TopEntry { account_id, points })
            .collect();
        if top != closing.top {
            let first = top
                .iter()
                .zip(&closing.top)
                .position(|(a, b)| a != b)
                .unwrap_or(top.len().min(closing.top.len()));
            add(format!(
                "top differs from rank {}: committed {:?}, replay {:?}",
                first + 1,
                closing.top.get(first),
                top.get(first)
            ));
        }
    }
    out
}

/// The findings as the CLI prints them, or `Ok` with a line saying how many were reproduced.
pub fn check_periods(replayed: &Replayed) -> anyhow::Result<String> {
    let findings = period_findings(replayed);
    if findings.is_empty() {
        return Ok(format!(
            "{} closed periods reproduced",
            replayed.closings.len()
        ));
    }
    let lines: Vec<String> = findings.iter().map(ToString::to_string).collect();
    anyhow::bail!(
        "{}\n{} of {} closed periods not reproduced by the replay",
        lines.join("\n"),
        findings.len(),
        replayed.closings.len()
    )
}
