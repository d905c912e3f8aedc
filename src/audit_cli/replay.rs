//! `birqadam audit replay EXPORT`: every account's rating, rating history, achievements and the
//! all-time / month / week boards recomputed from an export alone, with the code the live
//! projections run (the rules of `birqadam_domain::standing`, the ledger's decoding and the
//! achievements fold of `birqadam_projections`), streaming the file in batches.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;
use std::path::Path;

use anyhow::Context;
use birqadam_domain::account::AccountEvent;
use birqadam_domain::leaderboard_period::{AGGREGATE_TYPE, LeaderboardPeriodEvent, PeriodClosing};
use birqadam_domain::standing::{ALL, Standing, is_ranked, periods_of, rank_order};
use birqadam_projections::StoredEvent;
use birqadam_projections::achievements::AchievementsReplay;
use birqadam_projections::audit_tree::log_event;
use birqadam_projections::rating_history::rating_changes;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::audit_cli::lines;

/// Events folded per batch (the projectors' batches are of the same order).
const BATCH: usize = 1000;

/// One entry of an account's rating history, as the ledger keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Points applied.
    pub delta: i32,
    /// The rating after it.
    pub rating_after: i32,
    /// `report` or `adjustment`.
    pub source_kind: String,
    /// The assignment of a report credit.
    pub source_id: Option<Uuid>,
    /// The reason of an adjustment.
    pub reason: Option<String>,
}

/// What the log says, recomputed.
#[derive(Debug, Clone, Default)]
pub struct Replayed {
    /// Events read.
    pub events: u64,
    /// Every registered account's rating.
    pub ratings: BTreeMap<Uuid, i32>,
    /// Every account's rating changes, in log order.
    pub history: BTreeMap<Uuid, Vec<HistoryEntry>>,
    /// Every account's unlocked achievements and when.
    pub achievements: BTreeMap<Uuid, BTreeMap<String, DateTime<Utc>>>,
    /// Every board (`all`, `month:…`, `week:…`): each account's standing on it.
    pub boards: BTreeMap<String, HashMap<Uuid, Standing>>,
    /// The accounts the boards rank (volunteers).
    pub ranked: BTreeSet<Uuid>,
    /// Every board's last change of points: the position of its event.
    pub last_change: BTreeMap<String, u64>,
    /// Every `LeaderboardPeriodClosed` and its position (checked by `replay_periods`).
    pub closings: Vec<(u64, PeriodClosing)>,
}

impl Replayed {
    /// The ranking of a board as the API serves it: ranked accounts only, in the canonical order.
    pub fn ranking(&self, period: &str) -> Vec<(Uuid, Standing)> {
        let mut ranking: Vec<(Uuid, Standing)> = self
            .boards
            .get(period)
            .into_iter()
            .flatten()
            .filter(|(account, _)| self.ranked.contains(account))
            .map(|(account, standing)| (*account, *standing))
            .collect();
        ranking.sort_by(|a, b| rank_order((&a.1, a.0), (&b.1, b.0)));
        ranking
    }

    fn fold(
        &mut self,
        batch: &[StoredEvent],
        achievements: &mut AchievementsReplay,
    ) -> anyhow::Result<()> {
        for event in batch {
            if event.aggregate_type == "Account" && event.event_type == "AccountRegistered" {
                let account = event.stream_id().context("an account id is not a uuid")?;
                if let AccountEvent::AccountRegistered { roles, .. } = event.decode()? {
                    self.ratings.entry(account).or_insert(0);
                    if is_ranked(&roles) {
                        self.ranked.insert(account);
                    }
                }
            }
            if event.aggregate_type == AGGREGATE_TYPE {
                let position = u64::try_from(event.checkpoint.global_position).unwrap_or_default();
                let LeaderboardPeriodEvent::LeaderboardPeriodClosed(closing) = event
                    .decode()
                    .with_context(|| format!("position {position}: an undecodable period event"))?;
                self.closings.push((position, closing));
            }
        }
        for change in rating_changes("replay", batch)? {
            self.ratings.insert(change.account_id, change.rating_after);
            self.history
                .entry(change.account_id)
                .or_default()
                .push(HistoryEntry {
                    at: change.at,
                    delta: change.delta,
                    rating_after: change.rating_after,
                    source_kind: change.source_kind.to_owned(),
                    source_id: change.source_id,
                    reason: change.reason,
                });
            if change.delta != 0 {
                for period in periods_of(change.at) {
                    let position = u64::try_from(change.position).unwrap_or_default();
                    self.last_change.insert(period.clone(), position);
                    self.boards
                        .entry(period)
                        .or_default()
                        .entry(change.account_id)
                        .or_insert_with(|| Standing::new(change.at))
                        .apply(change.delta, change.at);
                }
            }
        }
        achievements.apply(batch)
    }
}

/// Replays the export `file`.
pub fn replay_export(file: &Path) -> anyhow::Result<Replayed> {
    let reader =
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    replay_lines(std::io::BufReader::new(reader))
}

/// Replays the NDJSON lines of an export (from position 0) read from `reader`: lines are parsed
/// on every core ([`lines::check_lines`]) and folded in file order.
pub fn replay_lines(reader: impl BufRead + Send) -> anyhow::Result<Replayed> {
    let mut replayed = Replayed::default();
    let mut achievements = AchievementsReplay::default();
    let mut batch = Vec::with_capacity(BATCH);
    let mut failed: Option<anyhow::Error> = None;
    let per_line = |line: &[u8]| birqadam_audit::StoredEvent::parse_line(line).map(log_event);
    let read = lines::check_lines(reader, per_line, |line| {
        let position = replayed.events;
        let event = match line.value {
            Ok(event) => event,
            Err(e) => {
                failed = Some(
                    anyhow::Error::new(e)
                        .context(format!("position {position}: not an event line")),
                );
                return false;
            }
        };
        if event.checkpoint.global_position != i64::try_from(position).unwrap_or(-1) {
            failed = Some(anyhow::anyhow!(
                "position {position}: the line says position {} (verify the export first)",
                event.checkpoint.global_position
            ));
            return false;
        }
        batch.push(event);
        replayed.events += 1;
        if batch.len() >= BATCH {
            if let Err(e) = replayed.fold(&batch, &mut achievements) {
                failed = Some(e);
                return false;
            }
            batch.clear();
        }
        true
    });
    if let Some(error) = failed {
        return Err(error);
    }
    read.context("reading the export")?;
    if !batch.is_empty() {
        replayed.fold(&batch, &mut achievements)?;
    }
    for (account, id, at, _) in achievements.unlocks() {
        replayed
            .achievements
            .entry(*account)
            .or_default()
            .insert(id.clone(), *at);
    }
    Ok(replayed)
}

/// The replay printed for the auditor: the totals and the top 10 of the all-time board.
pub fn summary(replayed: &Replayed) -> String {
    let mut out = format!(
        "replayed {} events: {} accounts, {} rating changes, {} achievements, {} boards",
        replayed.events,
        replayed.ratings.len(),
        replayed.history.values().map(Vec::len).sum::<usize>(),
        replayed
            .achievements
            .values()
            .map(BTreeMap::len)
            .sum::<usize>(),
        replayed.boards.len()
    );
    for (rank, (account, standing)) in replayed.ranking(ALL).iter().take(10).enumerate() {
        out.push_str(&format!("\n{:>3}. {account} {}", rank + 1, standing.points));
    }
    out
}
