//! Starting the notifier: the planner on its own consumer runner, a sender loop per configured
//! channel, and a gauge loop publishing the queue's depth and the age of its oldest due row.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use birqadam_domain::clock::Clock;
use birqadam_domain::notification::DeliveryChannel;
use birqadam_projections::ConsumerRunner;
use sqlx::PgPool;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::consumer::Planner;
use crate::fcm::FcmClient;
use crate::fcm::oauth::ServiceAccount;
use crate::sender::{LoopConfig, PushSender, Reachability, Send1, TelegramSender, run_loop};
use crate::store;
use crate::telegram::TelegramClient;

/// The Telegram channel's settings.
#[derive(Debug, Clone)]
pub struct TelegramConfig {
    /// The Bot API base URL (`https://api.telegram.org`).
    pub api_url: String,
    /// The bot token.
    pub token: String,
    /// Messages per second overall (25: under Telegram's 30).
    pub per_second: u32,
}

/// The push channel's settings.
#[derive(Debug, Clone)]
pub struct FcmConfig {
    /// The FCM base URL (`https://fcm.googleapis.com`).
    pub api_url: String,
    /// The service-account JSON (its `token_uri` is where access tokens come from).
    pub service_account_file: PathBuf,
    /// Requests in flight at once.
    pub in_flight: usize,
}

/// The notifier's slice of the settings.
#[derive(Debug, Clone)]
pub struct NotifySettings {
    /// Telegram, when a bot token is set.
    pub telegram: Option<TelegramConfig>,
    /// Push, when a service account is set.
    pub fcm: Option<FcmConfig>,
    /// A claimed delivery's lease.
    pub lease: Duration,
    /// Events older than this are not notified (a notifier started on an old log).
    pub max_event_age: Duration,
    /// How often the senders look for due rows without being woken.
    pub poll: Duration,
}

/// The channels these settings enable.
impl NotifySettings {
    /// Telegram and/or push.
    pub fn channels(&self) -> Vec<DeliveryChannel> {
        let mut channels = Vec::new();
        if self.telegram.is_some() {
            channels.push(DeliveryChannel::Telegram);
        }
        if self.fcm.is_some() {
            channels.push(DeliveryChannel::Push);
        }
        channels
    }
}

/// Starts the notifier; nothing starts when no channel is configured. Aborting the handles
/// stops it (rows in flight are claimed again once their lease expires).
pub fn spawn(
    pool: &PgPool,
    log: &birqadam_projections::LogWatch,
    clock: Arc<dyn Clock>,
    settings: &NotifySettings,
    reachability: Arc<dyn Reachability>,
    shutdown: &watch::Receiver<bool>,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let channels = settings.channels();
    if channels.is_empty() {
        tracing::info!("no Telegram token and no FCM service account: the notifier is off");
        return Ok(Vec::new());
    }
    let planner = Planner::new(Arc::clone(&clock), settings.max_event_age, channels);
    let runner = ConsumerRunner::new(pool.clone(), vec![Arc::new(planner)]).watching(log);
    let wake = runner.progress();
    let mut handles = vec![runner.spawn(shutdown.clone())];
    let mut senders: Vec<(Arc<dyn Send1>, usize)> = Vec::new();
    if let Some(telegram) = &settings.telegram {
        let client = TelegramClient::new(&telegram.api_url, &telegram.token)?;
        let sender = TelegramSender::new(
            pool.clone(),
            Arc::clone(&clock),
            client,
            telegram.per_second,
            reachability,
            settings.lease / 2,
        );
        // one second of sends in flight: the throttle spaces them
        senders.push((Arc::new(sender), telegram.per_second as usize));
    }
    if let Some(fcm) = &settings.fcm {
        let account = ServiceAccount::from_file(&fcm.service_account_file)?;
        let client = FcmClient::new(&fcm.api_url, account).context("the FCM client")?;
        let sender = PushSender::new(pool.clone(), Arc::clone(&clock), client);
        senders.push((Arc::new(sender), fcm.in_flight));
    }
    for (sender, in_flight) in senders {
        let config = LoopConfig {
            lease: settings.lease,
            in_flight,
            poll: settings.poll,
        };
        handles.push(tokio::spawn(run_loop(
            sender,
            pool.clone(),
            Arc::clone(&clock),
            config,
            wake.clone(),
            shutdown.clone(),
        )));
    }
    handles.push(tokio::spawn(gauges(pool.clone(), clock, shutdown.clone())));
    Ok(handles)
}

/// Publishes `notify_queue_depth{channel}` and `notify_oldest_due_seconds{channel}` every 10 s.
async fn gauges(pool: PgPool, clock: Arc<dyn Clock>, mut shutdown: watch::Receiver<bool>) {
    loop {
        match store::queue(&pool, clock.now()).await {
            Ok(rows) => {
                for channel in DeliveryChannel::ALL {
                    let row = rows.iter().find(|r| r.0 == channel.as_str());
                    let (depth, oldest) = row.map_or((0, None), |r| (r.1, r.2));
                    let name = channel.as_str();
                    metrics::gauge!("notify_queue_depth", "channel" => name).set(depth as f64);
                    metrics::gauge!("notify_oldest_due_seconds", "channel" => name)
                        .set(oldest.unwrap_or(0.0).max(0.0));
                }
            }
            Err(error) => tracing::warn!(%error, "reading the delivery queue failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(10)) => {}
            _ = shutdown.changed() => return,
        }
    }
}
