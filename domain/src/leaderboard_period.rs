//! The `LeaderboardPeriod` aggregate: one stream per Almaty week or month (its id is
//! [`Period::stream_id`]) holding at most one event, `LeaderboardPeriodClosed`, which commits
//! the period's final ranking to the log (docs/decisions/0036). A second close finds the stream
//! closed and appends nothing; two closers racing on an empty stream conflict on its version.

use std::convert::Infallible;

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::standing::period::{Period, PeriodKind, ranking_digest};

/// One line of a closed period's top: account ids and points only (personal data stays in the
/// `Account` events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopEntry {
    /// The account.
    pub account_id: Uuid,
    /// Its points in the period.
    pub points: i32,
}

/// The final ranking of a period, as committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodClosing {
    /// The period.
    pub period: Period,
    /// The ranking is over the first `as_of_position` events of the audit order (a tree size).
    pub as_of_position: u64,
    /// [`ranking_digest`] of the whole final ranking.
    pub digest: String,
    /// How many accounts the whole ranking holds.
    pub total: u64,
    /// Its first (at most [`TOP`]) lines, best first.
    pub top: Vec<TopEntry>,
}

/// The aggregate type of the period streams in the log.
pub const AGGREGATE_TYPE: &str = "LeaderboardPeriod";

/// How many lines of the ranking the event carries.
pub const TOP: usize = 100;

/// What can be asked of a period stream.
#[derive(Debug, Clone)]
pub enum LeaderboardPeriodCommand {
    /// Close the period with this final ranking (nothing happens when it is already closed).
    Close(PeriodClosing),
}

/// Everything that can happen to a period stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeaderboardPeriodEvent {
    /// The period ended and its final ranking was committed.
    LeaderboardPeriodClosed(PeriodClosing),
}

impl DomainEvent for LeaderboardPeriodEvent {
    fn event_type(&self) -> String {
        match self {
            Self::LeaderboardPeriodClosed(_) => "LeaderboardPeriodClosed",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1.0".to_owned()
    }
}

/// State of a period stream.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LeaderboardPeriod {
    closed: Option<PeriodClosing>,
}

impl LeaderboardPeriod {
    /// The committed closing, once closed.
    pub fn closed(&self) -> Option<&PeriodClosing> {
        self.closed.as_ref()
    }
}

impl Aggregate for LeaderboardPeriod {
    const TYPE: &'static str = AGGREGATE_TYPE;
    type Command = LeaderboardPeriodCommand;
    type Event = LeaderboardPeriodEvent;
    type Error = Infallible;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let LeaderboardPeriodCommand::Close(closing) = command;
        if self.closed.is_none() {
            sink.write(
                LeaderboardPeriodEvent::LeaderboardPeriodClosed(closing),
                self,
            )
            .await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let LeaderboardPeriodEvent::LeaderboardPeriodClosed(closing) = event;
        self.closed = Some(closing);
    }
}
