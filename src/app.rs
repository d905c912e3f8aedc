//! The composition root: database → projections → commands → HTTP API, plus the background
//! workers `serve` runs (the views' projectors, the rating creditor and the audit tree, each a log
//! consumer on a `ConsumerRunner`, the audit checkpoint signer, the deadline scheduler and the
//! notifier), and the Telegram bot when `TELEGRAM_BOT_TOKEN` is set.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use birqadam_api::state::AppState;
use birqadam_audit::VerifierKey;
use birqadam_bot::{RunningBot, UpdateMode};
use birqadam_commands::consistency::ViewsCatchup;
use birqadam_commands::{Commands, Dependencies};
use birqadam_domain::clock::Clock;
use birqadam_photos::{PhotoLimits, PhotoStore, S3Location};
use birqadam_projections::runner::DEFAULT_POLL_INTERVAL;
use birqadam_projections::{ConsumerRunner, LogWatch, Queries, all_projectors};
use sqlx::PgPool;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::settings::Settings;

/// What to start besides the HTTP API (tests switch workers off to inject crashes).
#[derive(Debug, Clone, Copy)]
pub struct Workers {
    /// Run the view projectors.
    pub projectors: bool,
    /// Run the process managers (the rating creditor).
    pub process_managers: bool,
    /// Run the deadline scheduler.
    pub scheduler: bool,
    /// Run the audit tree and the checkpoint signer.
    pub audit: bool,
    /// Run the notifier (when a Telegram token or an FCM service account is configured).
    pub notifier: bool,
    /// Run the Telegram bot (when a Telegram token is configured).
    pub bot: bool,
}

impl Workers {
    /// Everything on (what `serve` runs).
    pub const ALL: Self = Self {
        projectors: true,
        process_managers: true,
        scheduler: true,
        audit: true,
        notifier: true,
        bot: true,
    };
}

/// A built application: bound but not yet serving.
pub struct App {
    /// The write side.
    pub commands: Commands,
    /// The read side.
    pub queries: Queries,
    /// The pool.
    pub pool: PgPool,
    /// The audit log's public key (what `birqadam audit key` prints).
    pub audit_key: VerifierKey,
    application: birqadam_api::Application,
    shutdown: watch::Sender<bool>,
    workers: Vec<JoinHandle<()>>,
    bot: Option<RunningBot>,
}

impl App {
    /// Wires everything on a migrated `pool` and binds `settings.http_addr`.
    pub async fn build(
        settings: Settings,
        pool: PgPool,
        clock: Arc<dyn Clock>,
        workers: Workers,
    ) -> anyhow::Result<Self> {
        let audit_key = crate::audit::signing_key(&settings)?;
        let (shutdown, shutdown_rx) = watch::channel(false);
        // one notification listener and horizon reader for all four runners (decision 0038)
        let log = LogWatch::spawn(pool.clone(), DEFAULT_POLL_INTERVAL, shutdown_rx.clone());
        let views = ConsumerRunner::new(pool.clone(), all_projectors()).watching(&log);
        let catchup = Arc::new(ViewsCatchup::new(
            pool.clone(),
            views.catchup(),
            settings.read_your_writes_timeout,
        ));
        let photos = photo_store(&settings)?;
        let notifier_clock = Arc::clone(&clock);
        let deps = Dependencies {
            auth: settings.auth(),
            catchup,
            clock,
            photos,
            photo_limits: PhotoLimits::default(),
        };
        let commands = Commands::new(pool.clone(), deps)?;
        commands
            .seed_achievements()
            .await
            .context("seeding the achievement catalogue")?;
        let queries = Queries::new(pool.clone());
        let mut handles = Vec::new();
        if workers.projectors {
            handles.push(views.spawn(shutdown_rx.clone()));
        }
        if workers.process_managers {
            let managers =
                ConsumerRunner::new(pool.clone(), vec![commands.rating_creditor()]).watching(&log);
            handles.push(managers.spawn(shutdown_rx.clone()));
        }
        let audit_verifier = audit_key.verifier();
        if workers.audit {
            handles.extend(crate::audit::spawn(&pool, &log, audit_key, &shutdown_rx));
        }
        if workers.scheduler {
            handles.push(spawn_scheduler(commands.clone(), shutdown_rx.clone()));
        }
        if workers.notifier {
            handles.extend(crate::notifier::spawn(
                &settings,
                (&pool, &log),
                &commands,
                Arc::clone(&notifier_clock),
                &shutdown_rx,
            )?);
        }
        // stored idempotent responses live a day; the purger ends with the runtime
        drop(birqadam_api::idempotency::spawn_purger(
            pool.clone(),
            Duration::from_secs(3600),
            Duration::from_secs(86_400),
        ));
        let http = Arc::new(settings.http());
        let state = AppState {
            commands: commands.clone(),
            queries: queries.clone(),
            settings: Arc::clone(&http),
            audit_key: Arc::new(audit_verifier.clone()),
        };
        let (bot, bot_route) = if workers.bot {
            start_bot(&settings, &commands, &queries).await?
        } else {
            (None, None)
        };
        let readiness = crate::health::readiness(pool.clone());
        let mut router = birqadam_api::routes::api_router(&http, state, pool.clone(), readiness);
        if let Some(route) = bot_route {
            router = router.merge(route);
        }
        let application = birqadam_api::Application::bind(&http, router).await?;
        Ok(Self {
            commands,
            queries,
            pool,
            audit_key: audit_verifier,
            application,
            shutdown,
            workers: handles,
            bot,
        })
    }

    /// The bound HTTP port.
    pub fn port(&self) -> u16 {
        self.application.port()
    }

    /// Serves until Ctrl-C/SIGTERM, then stops the workers.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let result = self.application.run_until_stopped().await;
        if let Some(bot) = self.bot {
            bot.stop().await;
        }
        let _ = self.shutdown.send(true);
        for worker in self.workers {
            let _ = tokio::time::timeout(Duration::from_secs(10), worker).await;
        }
        result
    }
}

/// The Telegram bot when a token is set: polling, or a webhook whose route the HTTP server
/// serves (returned to merge).
async fn start_bot(
    settings: &Settings,
    commands: &Commands,
    queries: &Queries,
) -> anyhow::Result<(Option<RunningBot>, Option<axum::Router>)> {
    let Some(bot) = settings.bot() else {
        return Ok((None, None));
    };
    match bot.mode {
        UpdateMode::Polling { .. } => {
            let running = RunningBot::start(&bot, commands.clone(), queries.clone())
                .await
                .context("starting the Telegram bot")?;
            Ok((Some(running), None))
        }
        UpdateMode::Webhook { .. } => {
            let (running, route) =
                RunningBot::start_webhook(&bot, commands.clone(), queries.clone())
                    .await
                    .context("starting the Telegram bot's webhook")?;
            Ok((Some(running), Some(route)))
        }
    }
}

/// The photo store: an S3-compatible bucket when `PHOTO_S3_BUCKET` is set, else `DATA_DIR/photos`.
pub fn photo_store(settings: &Settings) -> anyhow::Result<PhotoStore> {
    match &settings.photo_s3_bucket {
        Some(bucket) => {
            let location = S3Location {
                bucket: bucket.clone(),
                endpoint: settings.photo_s3_endpoint.clone(),
            };
            PhotoStore::s3(&location)
                .map_err(|e| anyhow::anyhow!("photo storage in bucket {bucket}: {e}"))
        }
        None => PhotoStore::local(&settings.data_dir.join("photos"))
            .map_err(|e| anyhow::anyhow!("photo storage under DATA_DIR: {e}")),
    }
}

/// Every 30 seconds: closes tasks whose Almaty deadline passed and commits the final ranking of
/// every ended Almaty week and month (`close_ended_periods`).
fn spawn_scheduler(commands: Commands, mut shutdown: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match commands.close_expired_tasks().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(closed = n, "closed tasks past their deadline"),
                Err(e) => {
                    tracing::error!(error = %birqadam_projections::Chain(&e), "closing expired tasks failed")
                }
            }
            match commands.close_ended_periods().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(closed = n, "closed ended leaderboard periods"),
                Err(e) => {
                    tracing::error!(error = %birqadam_projections::Chain(&e), "closing leaderboard periods failed")
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(30)) => {}
                _ = shutdown.changed() => return,
            }
        }
    })
}
