//! The latency phase of the notifier scenario: offers to one member each at a fixed rate, and
//! the time from each command's return to the first provider request of its notification.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Context;
use birqadam_commands::Commands;
use birqadam_fakes::fcm::FakeFcm;
use birqadam_fakes::telegram::FakeBotApi;
use futures::{StreamExt, TryStreamExt};
use uuid::Uuid;

use super::{Sizes, push_arrivals, task, telegram_arrivals, wait_answered};
use crate::stats::{Figure, quantile};
use crate::world::World;

/// `events` tasks, each offered to the next member, at `sizes.events_per_sec`; the latency
/// from each command's return to the first request of its notification per channel.
pub(super) async fn run_latency(
    commands: &Commands,
    world: &World,
    project: Uuid,
    telegram: &FakeBotApi,
    fcm: &FakeFcm,
    sizes: &Sizes,
    events: usize,
) -> anyhow::Result<Vec<Figure>> {
    let ticker = tokio::time::interval(Duration::from_secs(1) / sizes.events_per_sec);
    let ticks = futures::stream::unfold(ticker, |mut ticker| async move {
        ticker.tick().await;
        Some(((), ticker))
    });
    let committed: Vec<(String, Instant)> = ticks
        .zip(futures::stream::iter(0..events))
        .map(|((), i)| {
            let member = world.volunteers[i % world.volunteers.len()].0;
            let text = format!("Latency #{i}.");
            async move {
                commands
                    .create_task(&world.owner, project, task(&text, Some(vec![member])))
                    .await
                    .context("offering a task to one member")?;
                anyhow::Ok((text, Instant::now()))
            }
        })
        .buffer_unordered(64)
        .try_collect()
        .await?;
    let within = Duration::from_secs(60 + events as u64 / 10);
    wait_answered(telegram, fcm, "Latency #", events, within).await?;
    let messages = telegram_arrivals(telegram, "Latency #");
    let pushes = push_arrivals(fcm, "Latency #");
    let first_of = |arrivals: &HashMap<String, Vec<Instant>>, marker: &str| {
        arrivals
            .iter()
            .filter(|(text, _)| text.contains(marker))
            .flat_map(|(_, times)| times.iter().copied())
            .min()
    };
    let (mut by_telegram, mut by_push, mut first) = (Vec::new(), Vec::new(), Vec::new());
    for (marker, at) in &committed {
        let ms = |t: Instant| t.saturating_duration_since(*at).as_secs_f64() * 1000.0;
        let message = first_of(&messages, marker).context("a message for every offer")?;
        let push = first_of(&pushes, marker).context("a push for every offer")?;
        by_telegram.push(ms(message));
        by_push.push(ms(push));
        first.push(ms(message.min(push)));
    }
    let rate = sizes.events_per_sec;
    let mut figures = Vec::new();
    for (what, samples) in [
        ("first provider request", &first),
        ("FCM request", &by_push),
        ("Telegram request", &by_telegram),
    ] {
        for (q, label) in [(0.5, "p50"), (0.99, "p99")] {
            figures.push(Figure::new(
                format!("{rate} events/s: commit → {what} {label}"),
                "ms",
                vec![quantile(samples, q)],
            ));
        }
    }
    Ok(figures)
}
