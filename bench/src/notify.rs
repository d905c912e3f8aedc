//! The notifier scenario: `serve` (with its notifier and bot) against the fake Telegram, which
//! enforces Telegram's limits (30 messages/s overall, one per second per chat), and the fake FCM
//! with a fixed answer latency. Members of one project each have a linked chat and a device.
//!
//! - fan-out: one task offered to every member (one event per member) → deliveries/s to
//!   distinct chats and 429s; pushes/s and the most requests the fake saw at once;
//! - latency: tasks offered to one member each at a fixed rate → commit (the command's return)
//!   to the first provider request of the event, per channel and for the first of both.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use birqadam_commands::tasks::NewTask;
use birqadam_commands::{CommandContext, Commands, Platform};
use birqadam_domain::notification::{Category, DeliveryChannel, NotificationSettings, QuietHours};
use birqadam_fakes::fcm::FakeFcm;
use birqadam_fakes::telegram::{FakeBotApi, Limits};
use futures::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use uuid::Uuid;

mod latency;

use crate::cluster::Cluster;
use crate::scenarios::Options;
use crate::seed;
use crate::serve::Serve;
use crate::stats::Figure;
use crate::world::{self, World, as_account};

/// Sizes of one run of the scenario.
struct Sizes {
    members: usize,
    events_per_sec: u32,
    fcm_latency: Duration,
}

/// Seeds the members, starts `serve` against the fakes and measures both phases.
pub async fn measure(
    cluster: &Cluster,
    options: &Options<'_>,
) -> anyhow::Result<(Value, Vec<Figure>)> {
    let sizes = Sizes {
        members: if options.small { 40 } else { 1000 },
        events_per_sec: 50,
        fcm_latency: Duration::from_millis(50),
    };
    let name = "bench_notify";
    let (url, pool) = cluster.migrated(name, 20).await?;
    let data = options.data.join(name);
    let commands = seed::commands(&pool, &data)?;
    let world = world::world(&commands, sizes.members).await?;
    let project = members_reachable(&commands, &world).await?;
    seed::catch_up_views(&pool).await?;

    let telegram = FakeBotApi::start().await;
    telegram.enforce_limits(Limits {
        per_second: 30,
        per_chat: Duration::from_secs(1),
    });
    let fcm = FakeFcm::start().await;
    fcm.set_delay(sizes.fcm_latency);
    let env = [
        ("TELEGRAM_BOT_TOKEN", "4242:bench-token".to_owned()),
        ("TELEGRAM_API_URL", telegram.url().to_owned()),
        ("FCM_API_URL", fcm.url().to_owned()),
        (
            "FCM_SERVICE_ACCOUNT_FILE",
            fcm.service_account_file(&data).display().to_string(),
        ),
    ];
    let _serve = Serve::start_with(options.bin, &url, &data, &env).await?;

    let mut figures = Vec::new();
    let mut fan_out = FanOut::default();
    for run in 0..options.runs {
        fan_out.push(&run_fan_out(&commands, &world, project, &telegram, &fcm, run).await?);
    }
    figures.extend(fan_out.figures(&sizes));
    let events = (sizes.events_per_sec * options.secs) as usize;
    let latency =
        latency::run_latency(&commands, &world, project, &telegram, &fcm, &sizes, events).await?;
    figures.extend(latency);
    let parameters = json!({
        "members": sizes.members,
        "fake_telegram_limits": "30 msg/s overall, 1 msg/s per chat (429 retry_after 1 above)",
        "fake_fcm_latency_ms": sizes.fcm_latency.as_millis(),
        "notify_telegram_per_second": 25,
        "notify_push_concurrency": 32,
        "latency_events_per_sec": sizes.events_per_sec,
        "latency_events": events,
    });
    Ok((parameters, figures))
}

/// An approved project every volunteer joins, each with a chat, an Android device, quiet hours
/// off (the scenario runs at any hour) and achievements muted (joining unlocks one).
async fn members_reachable(commands: &Commands, world: &World) -> anyhow::Result<Uuid> {
    let project = world::project(commands, world, world.volunteers.len()).await?;
    for (id, _) in &world.volunteers {
        commands
            .join_project(
                &as_account(*id, &[birqadam_domain::Role::Volunteer]),
                project,
            )
            .await?;
    }
    let quiet = QuietHours {
        enabled: false,
        ..QuietHours::default()
    };
    let muted = DeliveryChannel::ALL.map(|c| (Category::Achievements, c));
    let settings = NotificationSettings::new(muted, quiet)
        .map_err(|e| anyhow::anyhow!("bench settings: {e}"))?;
    futures::stream::iter(world.volunteers.iter().enumerate())
        .map(|(i, (id, _))| {
            let settings = settings.clone();
            async move {
                commands
                    .link_telegram(&CommandContext::system(), *id, chat_of(i))
                    .await?;
                commands
                    .register_device(*id, &format!("bench-device-{i}"), Platform::Android)
                    .await?;
                commands.set_notification_settings(*id, &settings).await?;
                anyhow::Ok(())
            }
        })
        .buffer_unordered(16)
        .try_collect::<Vec<()>>()
        .await?;
    Ok(project)
}

/// The Telegram chat of the `i`-th volunteer.
fn chat_of(i: usize) -> i64 {
    5_000_000_000 + i64::try_from(i).unwrap_or(0)
}

/// What one fan-out run saw.
struct FanOutRun {
    telegram_per_sec: f64,
    telegram_429: usize,
    push_per_sec: f64,
    push_most_in_flight: usize,
}

#[derive(Default)]
struct FanOut {
    telegram: Vec<f64>,
    too_many: Vec<f64>,
    push: Vec<f64>,
    in_flight: Vec<f64>,
}

impl FanOut {
    fn push(&mut self, run: &FanOutRun) {
        self.telegram.push(run.telegram_per_sec);
        self.too_many.push(run.telegram_429 as f64);
        self.push.push(run.push_per_sec);
        self.in_flight.push(run.push_most_in_flight as f64);
    }

    fn figures(self, sizes: &Sizes) -> Vec<Figure> {
        let n = sizes.members;
        let bound = 32.0 / sizes.fcm_latency.as_secs_f64();
        vec![
            Figure::new(
                format!("fan-out to {n} distinct chats: Telegram deliveries/s (configured 25)"),
                "msg/s",
                self.telegram,
            ),
            Figure::new(
                "fan-out: 429 answers from the fake Telegram",
                "count",
                self.too_many,
            ),
            Figure::new(
                format!(
                    "fan-out to {n} devices: pushes/s (bound 32 in flight / latency = {bound:.0})"
                ),
                "push/s",
                self.push,
            ),
            Figure::new(
                "fan-out: most FCM requests in flight at once",
                "requests",
                self.in_flight,
            ),
        ]
    }
}

/// One task offered to every member; waits until every chat and device got it.
async fn run_fan_out(
    commands: &Commands,
    world: &World,
    project: Uuid,
    telegram: &FakeBotApi,
    fcm: &FakeFcm,
    run: usize,
) -> anyhow::Result<FanOutRun> {
    let n = world.volunteers.len();
    let text = format!("Fan-out {run}");
    let too_many_before = telegram.calls().iter().filter(|c| c.status == 429).count();
    commands
        .create_task(&world.owner, project, task(&text, None))
        .await
        .context("offering the fan-out task")?;
    let deadline = Duration::from_secs(60 + n as u64 / 10);
    let sent = wait_answered(telegram, fcm, &text, n, deadline).await?;
    let too_many = telegram.calls().iter().filter(|c| c.status == 429).count();
    Ok(FanOutRun {
        telegram_per_sec: rate(&sent.telegram),
        telegram_429: too_many - too_many_before,
        push_per_sec: rate(&sent.push),
        push_most_in_flight: fcm.most_in_flight(),
    })
}

/// Arrival times of the 200-answered requests whose text mentions one marker.
struct Answered {
    telegram: Vec<Instant>,
    push: Vec<Instant>,
}

async fn wait_answered(
    telegram: &FakeBotApi,
    fcm: &FakeFcm,
    marker: &str,
    each: usize,
    within: Duration,
) -> anyhow::Result<Answered> {
    let deadline = Instant::now() + within;
    loop {
        let answered = Answered {
            telegram: telegram_arrivals(telegram, marker)
                .into_values()
                .flatten()
                .collect(),
            push: push_arrivals(fcm, marker).into_values().flatten().collect(),
        };
        if answered.telegram.len() >= each && answered.push.len() >= each {
            return Ok(answered);
        }
        if Instant::now() > deadline {
            bail!(
                "{marker}: {} of {each} messages and {} of {each} pushes after {within:?}",
                answered.telegram.len(),
                answered.push.len()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Per text containing `marker`: arrival times of sendMessage calls answered 200.
fn telegram_arrivals(telegram: &FakeBotApi, marker: &str) -> HashMap<String, Vec<Instant>> {
    let mut by_text: HashMap<String, Vec<Instant>> = HashMap::new();
    for call in telegram.calls_of("sendMessage") {
        if call.status == 200 && call.text().contains(marker) {
            by_text
                .entry(call.text().to_owned())
                .or_default()
                .push(call.at);
        }
    }
    by_text
}

/// Per push body containing `marker`: arrival times of sends answered 200.
fn push_arrivals(fcm: &FakeFcm, marker: &str) -> HashMap<String, Vec<Instant>> {
    let mut by_body: HashMap<String, Vec<Instant>> = HashMap::new();
    for call in fcm.calls() {
        let body = call.message["data"]["body"].as_str().unwrap_or_default();
        if call.status == 200 && body.contains(marker) {
            by_body
                .entry(body.to_owned())
                .or_default()
                .push(call.arrived);
        }
    }
    by_body
}

/// Sends per second between the first and the last of `times`.
fn rate(times: &[Instant]) -> f64 {
    let (Some(first), Some(last)) = (times.iter().min(), times.iter().max()) else {
        return 0.0;
    };
    let span = last.duration_since(*first).as_secs_f64();
    if span == 0.0 {
        0.0
    } else {
        (times.len() - 1) as f64 / span
    }
}

fn task(text: &str, assignees: Option<Vec<Uuid>>) -> NewTask {
    NewTask {
        text: text.to_owned(),
        deadline_date: None,
        start_time: None,
        end_time: None,
        assignees,
    }
}
