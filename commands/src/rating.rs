//! Rating: admin adjustments, the achievement catalogue seed, and the rating creditor, the
//! process manager that guarantees every approved report is credited even after a crash between
//! approval and credit.

use std::collections::HashSet;
use std::sync::Arc;

use birqadam_domain::Channel;
use birqadam_domain::account::{AccountCommand, AccountEvent, RatingSource};
use birqadam_domain::achievement::{AchievementCatalogueCommand, CATALOGUE_ID, default_catalogue};
use birqadam_domain::assignment::AssignmentEvent;
use birqadam_projections::consumer::{decode, stream_id};
use birqadam_projections::{LogConsumer, StoredEvent};
use uuid::Uuid;

use crate::{CommandContext, CommandError, Commands};

impl Commands {
    /// Adjusts an account's rating by hand (admins), with a reason.
    pub async fn adjust_rating(
        &self,
        ctx: &CommandContext,
        account: Uuid,
        delta: i32,
        reason: String,
    ) -> Result<(), CommandError> {
        self.account(
            account,
            AccountCommand::AdjustRating {
                actor: ctx.actor.clone(),
                delta,
                reason,
            },
            ctx,
        )
        .await
    }

    /// Appends the achievement definitions not yet in the catalogue (idempotent, run at start).
    pub async fn seed_achievements(&self) -> Result<(), CommandError> {
        let command = AchievementCatalogueCommand::Seed {
            definitions: default_catalogue(),
        };
        self.without_wait()
            .run(
                &self.inner.catalogue,
                CATALOGUE_ID,
                command,
                &CommandContext::system(),
            )
            .await
    }

    /// The rating creditor: the process manager (a log consumer) that turns every
    /// `ReportApproved` with stars into a credit.
    pub fn rating_creditor(&self) -> Arc<dyn LogConsumer> {
        Arc::new(RatingCreditor {
            commands: self.without_wait(),
        })
    }
}

/// Consumes the log (checkpoint + advisory lock, like every log consumer; it owns no view) and
/// credits approvals. A credit already made (inline by the API) is a no-op in the `Account`
/// aggregate.
struct RatingCreditor {
    commands: Commands,
}

/// The rating creditor's checkpoint name (stored state: it keeps the name it was first given,
/// a new one would replay every approval).
pub const RATING_CREDITS: &str = "process.rating-credits";

#[async_trait::async_trait]
impl LogConsumer for RatingCreditor {
    fn name(&self) -> &'static str {
        RATING_CREDITS
    }

    async fn apply(
        &self,
        _tx: &mut sqlx::PgConnection,
        events: &[StoredEvent],
    ) -> anyhow::Result<()> {
        for (event, volunteer, assignment, points) in uncredited(events)? {
            // the platform credits, but through the door the approval came in: a credit the
            // approving command lost the race for still says `bot` for a Telegram approval
            let ctx = CommandContext {
                channel: event
                    .meta("channel")
                    .and_then(Channel::parse)
                    .unwrap_or(Channel::System),
                request_id: event.meta("request_id").map(str::to_owned),
                ..CommandContext::system()
            };
            self.commands
                .credit_report(&ctx, volunteer, assignment, points)
                .await
                .map_err(|e| {
                    anyhow::Error::new(e).context(format!("crediting assignment {assignment}"))
                })?;
        }
        Ok(())
    }
}

/// An approval to credit: its event, the volunteer, the assignment, the stars.
type ToCredit<'a> = (&'a StoredEvent, Uuid, Uuid, u8);

/// The batch's approvals with stars whose credit is not in the batch too. The approving command
/// appends the credit right after the approval, so most batches hold both: the creditor then
/// has nothing to do, not even to load the volunteer's stream to find the credit made.
fn uncredited(events: &[StoredEvent]) -> anyhow::Result<Vec<ToCredit<'_>>> {
    let mut credited = HashSet::new();
    for event in events.iter().filter(|e| e.event_type == "RatingCredited") {
        if let AccountEvent::RatingCredited {
            source: RatingSource::Report(assignment),
            ..
        } = decode(RATING_CREDITS, event)?
        {
            credited.insert(assignment);
        }
    }
    let mut approvals = Vec::new();
    for event in events.iter().filter(|e| e.event_type == "ReportApproved") {
        let decoded: AssignmentEvent = decode(RATING_CREDITS, event)?;
        let AssignmentEvent::ReportApproved {
            volunteer,
            stars: Some(points),
            ..
        } = decoded
        else {
            continue;
        };
        let assignment = stream_id(RATING_CREDITS, event)?;
        if points > 0 && !credited.contains(&assignment) {
            approvals.push((event, volunteer, assignment, points));
        }
    }
    Ok(approvals)
}

#[cfg(test)]
mod tests {
    use birqadam_projections::Checkpoint;
    use serde::Serialize;

    use super::*;

    fn stored(
        aggregate_type: &str,
        stream: Uuid,
        event_type: &str,
        payload: impl Serialize,
    ) -> StoredEvent {
        StoredEvent {
            checkpoint: Checkpoint::ZERO,
            aggregate_type: aggregate_type.to_owned(),
            aggregate_id: stream.to_string(),
            sequence: 1,
            event_type: event_type.to_owned(),
            event_version: "1".to_owned(),
            payload: serde_json::to_value(payload).expect("an event encodes"),
            metadata: serde_json::json!({}),
            recorded_at: chrono::Utc::now(),
        }
    }

    fn approval(assignment: Uuid, volunteer: Uuid, stars: Option<u8>) -> StoredEvent {
        let event = AssignmentEvent::ReportApproved {
            task_id: Uuid::new_v4(),
            project_id: Uuid::new_v4(),
            volunteer,
            report_id: Uuid::new_v4(),
            attempt: 1,
            stars,
            comment: None,
            moderator: None,
        };
        stored("Assignment", assignment, "ReportApproved", event)
    }

    fn credit(volunteer: Uuid, source: RatingSource) -> StoredEvent {
        let event = AccountEvent::RatingCredited {
            source,
            points_requested: 4,
            points_applied: 4,
            rating_after: 4,
        };
        stored("Account", volunteer, "RatingCredited", event)
    }

    #[test]
    fn only_approvals_whose_credit_is_not_in_the_batch_are_credited() {
        let (credited, waiting, starless, volunteer) = (
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
        );
        let batch = vec![
            approval(credited, volunteer, Some(4)),
            approval(waiting, volunteer, Some(3)),
            approval(starless, volunteer, None),
            credit(volunteer, RatingSource::Report(credited)),
            // a credit for something else does not stand for the waiting approval's
            credit(volunteer, RatingSource::Report(Uuid::new_v4())),
        ];
        let left: Vec<(Uuid, Uuid, u8)> = uncredited(&batch)
            .expect("the batch decodes")
            .into_iter()
            .map(|(_, v, a, p)| (v, a, p))
            .collect();
        assert_eq!(left, vec![(volunteer, waiting, 3)]);
    }

    #[test]
    fn an_undecodable_credit_fails_the_batch_rather_than_being_skipped() {
        let mut broken = credit(Uuid::new_v4(), RatingSource::Report(Uuid::new_v4()));
        broken.payload = serde_json::json!({"RatingCredited": {"source": 7}});
        assert!(uncredited(&[approval(Uuid::new_v4(), Uuid::new_v4(), Some(2)), broken]).is_err());
    }
}
