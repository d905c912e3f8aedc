//! The notifier as the composition root starts it: inside `serve`, or alone (`birqadam notify`),
//! with the write side behind its reachability port.

use std::sync::Arc;

use async_trait::async_trait;
use birqadam_commands::{CommandContext, Commands};
use birqadam_domain::clock::Clock;
use birqadam_notify::Reachability;
use sqlx::PgPool;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::settings::Settings;

/// The write side as the notifier's reachability port.
pub struct CommandsReachability(pub Commands);

#[async_trait]
impl Reachability for CommandsReachability {
    async fn telegram_unreachable(&self, account: Uuid, reason: &str) -> anyhow::Result<()> {
        tracing::info!(%account, reason, "Telegram refused the chat; marking it unreachable");
        self.0
            .mark_telegram_unreachable(&CommandContext::system(), account, reason)
            .await?;
        Ok(())
    }
}

/// Starts the notifier's consumer and senders for the configured channels.
pub fn spawn(
    settings: &Settings,
    (pool, log): (&PgPool, &birqadam_projections::LogWatch),
    commands: &Commands,
    clock: Arc<dyn Clock>,
    shutdown: &watch::Receiver<bool>,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let reachability = Arc::new(CommandsReachability(commands.clone()));
    birqadam_notify::spawn(pool, log, clock, &settings.notify(), reachability, shutdown)
}

/// `birqadam notify`: the notifier alone (no HTTP, no views), until Ctrl-C or SIGTERM.
pub async fn run_alone(
    settings: &Settings,
    pool: PgPool,
    commands: Commands,
) -> anyhow::Result<()> {
    let (stop, stopped) = watch::channel(false);
    let clock: Arc<dyn Clock> = Arc::new(birqadam_domain::clock::SystemClock);
    let log = birqadam_projections::LogWatch::spawn(
        pool.clone(),
        birqadam_projections::runner::DEFAULT_POLL_INTERVAL,
        stopped.clone(),
    );
    let handles = spawn(settings, (&pool, &log), &commands, clock, &stopped)?;
    if handles.is_empty() {
        anyhow::bail!("nothing to do: set TELEGRAM_BOT_TOKEN and/or FCM_SERVICE_ACCOUNT_FILE");
    }
    tracing::info!("the notifier is running");
    shutdown_signal().await;
    let _ = stop.send(true);
    for handle in handles {
        let _ = tokio::time::timeout(std::time::Duration::from_secs(10), handle).await;
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
