//! Closing ended leaderboard periods: once an Almaty week or month has ended (plus a grace for
//! transactions still in flight at midnight) and the leaderboard view and the audit tree have
//! caught up past its end, its final ranking is committed to the log as one
//! `LeaderboardPeriodClosed` on the period's own stream (docs/decisions/0036). A period whose
//! board ranks nobody is not closed (so a fresh log does not commit the empty boards of the
//! weeks before it existed).

use std::time::Duration;

use birqadam_domain::leaderboard_period::{
    LeaderboardPeriodCommand, Period, PeriodClosing, PeriodKind, TOP, TopEntry, ranking_digest,
};

use crate::store::{self, Outcome};
use crate::{CommandContext, CommandError, Commands};

/// How long after a period's end its closing waits for commands that started before midnight.
pub const GRACE: Duration = Duration::from_secs(60);

impl Commands {
    /// Closes the last ended week and month when they are final and not closed yet; returns how
    /// many this call closed. Safe to run from several schedulers at once: each period's stream
    /// takes exactly one event (a racing second closer reloads the closed stream and appends
    /// nothing).
    #[tracing::instrument(skip_all, err)]
    pub async fn close_ended_periods(&self) -> Result<usize, CommandError> {
        let now = self.inner.clock.now();
        let grace = chrono::Duration::from_std(GRACE).expect("the grace fits a chrono duration");
        let mut closed = 0;
        for kind in [PeriodKind::Week, PeriodKind::Month] {
            let period = Period::last_ended(kind, now);
            if now < period.end_instant() + grace {
                continue;
            }
            if self.inner.queries.closed_period(period).await?.is_some() {
                continue;
            }
            let Some(last) = self.inner.queries.final_ranking(period).await? else {
                continue; // the views or the audit tree have not caught up yet
            };
            if last.ranking.is_empty() {
                continue; // nobody scored: nothing to commit (decision 0036)
            }
            let closing = PeriodClosing {
                period,
                as_of_position: last.as_of_position,
                digest: ranking_digest(&period.key(), last.as_of_position, &last.ranking),
                total: u64::try_from(last.ranking.len()).unwrap_or(u64::MAX),
                top: last
                    .ranking
                    .iter()
                    .take(TOP)
                    .map(|&(account_id, points)| TopEntry { account_id, points })
                    .collect(),
            };
            let id = period.stream_id().to_string();
            let metadata = self.metadata(&CommandContext::system());
            let command = LeaderboardPeriodCommand::Close(closing);
            match store::execute(&self.inner.periods, &id, command, &metadata).await? {
                Outcome::Done => closed += 1,
                Outcome::Rejected(never) => match never {},
            }
        }
        Ok(closed)
    }
}
