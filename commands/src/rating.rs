//! Rating: admin adjustments, the achievement catalogue seed, and the rating creditor, the
//! process manager that guarantees every approved report is credited even after a crash between
//! approval and credit.

use std::sync::Arc;

use birqadam_domain::Channel;
use birqadam_domain::account::AccountCommand;
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
            if points == 0 {
                continue;
            }
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
