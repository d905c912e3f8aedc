//! What each subcommand does.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, bail};
use birqadam_commands::{Commands, Dependencies, NoWait};
use birqadam_domain::clock::SystemClock;
use birqadam_domain::values::{Email, Password, PersonName};
use birqadam_photos::PhotoLimits;
use clap::Parser;

use crate::app::{App, Workers};
use crate::audit_cli;
use crate::cli::{AdminCommand, AuditCommand, Cli, Command, ProjectionsCommand};
use crate::db;
use crate::settings::Settings;

/// The binary's whole life: reads `.env`, parses the command line, runs the subcommand on a
/// multi-threaded runtime and reports a failure as its cause chain on one line.
pub fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    // aws-lc-rs (S3 client) and ring (sqlx, reqwest) are both compiled into rustls: pick one, or
    // the first TLS client built without an explicit provider panics.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    let outcome = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
        .and_then(|runtime| runtime.block_on(run(cli)));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // the whole cause chain on one line, never a backtrace: this is what operators and
            // auditors read
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one subcommand to completion.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::LocalDb {
        fast,
        drop_test_databases,
    } = cli.command
    {
        let url = db::local_pg(fast).ensure()?;
        if drop_test_databases {
            db::drop_test_databases(&url).await?;
        }
        crate::say!("{url}");
        return Ok(());
    }
    if let Command::Audit { command } = &cli.command
        && let Some(said) = offline_audit(command)?
    {
        crate::say!("{said}");
        return Ok(());
    }
    let settings = Settings::from_env()?;
    crate::telemetry::init("info,sqlx=warn");
    if let Command::Audit {
        command: AuditCommand::Key,
    } = cli.command
    {
        crate::say!("{}", crate::audit::signing_key(&settings)?.verifier());
        return Ok(());
    }
    let url = db::database_url()?;
    match cli.command {
        Command::LocalDb { .. } => Ok(()),
        Command::Audit {
            command: AuditCommand::Replay { file, .. },
        } => {
            let replayed = audit_cli::replay_export(&file)?;
            // a closed period the replay does not reproduce fails the replay (exit 1)
            crate::say!("{}", audit_cli::check_periods(&replayed)?);
            let pool = db::connect_and_migrate(&url, 2).await?;
            let differences = audit_cli::compare(&pool, &replayed).await?;
            for difference in &differences {
                crate::say!("{difference}");
            }
            if !differences.is_empty() {
                bail!(
                    "{} differences between the replay of {} events and the live views",
                    differences.len(),
                    replayed.events
                );
            }
            crate::say!(
                "ok: the live views equal the replay of {} events",
                replayed.events
            );
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify { key },
        } => {
            let key = match key {
                Some(key) => birqadam_audit::VerifierKey::parse(key.trim())
                    .map_err(|e| anyhow::anyhow!("--key: {e}"))?,
                None => crate::audit::signing_key(&settings)?.verifier(),
            };
            let pool = db::connect_and_migrate(&url, 2).await?;
            crate::say!("{}", audit_cli::verify_database(&pool, &key).await?);
            Ok(())
        }
        Command::Audit { command } => {
            let AuditCommand::Export { after, out } = command else {
                bail!("this audit command needs no database and has already run");
            };
            let pool = db::connect_and_migrate(&url, 2).await?;
            let done = audit_cli::export(&pool, after, &out).await?;
            crate::say!(
                "exported positions {}..{} to {} and its checkpoint to {}",
                done.from,
                done.to,
                out.display(),
                done.checkpoint_file.display()
            );
            Ok(())
        }
        Command::SeedDemo => {
            let pool = db::connect_and_migrate(&url, 10).await?;
            crate::seed::seed_demo(&settings, pool).await
        }
        Command::Notify => {
            let pool = db::connect_and_migrate(&url, 10).await?;
            let commands = offline_commands(&settings, pool.clone())?;
            crate::notifier::run_alone(&settings, pool, commands).await
        }
        Command::Migrate => {
            db::connect_and_migrate(&url, 2).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Bot => {
            let bot = settings
                .bot()
                .context("TELEGRAM_BOT_TOKEN must be set to run the bot")?;
            if matches!(bot.mode, birqadam_bot::UpdateMode::Webhook { .. }) {
                bail!("`birqadam bot` polls; a webhook is served by `birqadam serve`");
            }
            let pool = db::connect_and_migrate(&url, 10).await?;
            let queries = birqadam_projections::Queries::new(pool.clone());
            // the views are fed by `serve`'s projectors: commands here do not wait for them
            let commands = offline_commands(&settings, pool)?;
            let running = birqadam_bot::RunningBot::start(&bot, commands, queries).await?;
            tracing::info!("the Telegram bot is polling");
            running
                .run_until(birqadam_api::startup::shutdown_signal())
                .await;
            Ok(())
        }
        Command::Serve => {
            let pool = db::connect_and_migrate(&url, 30).await?;
            let app = App::build(settings, pool, Arc::new(SystemClock), Workers::ALL).await?;
            tracing::info!(
                "BirQadam is listening on http://127.0.0.1:{} (docs at /docs)",
                app.port()
            );
            crate::say!(
                "BirQadam API: http://127.0.0.1:{}/api/v1  docs: http://127.0.0.1:{}/docs",
                app.port(),
                app.port()
            );
            app.run_until_stopped().await
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    password,
                    name,
                },
        } => {
            let pool = db::connect_and_migrate(&url, 4).await?;
            let commands = offline_commands(&settings, pool)?;
            let email = Email::parse(&email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
            let password =
                Password::parse(&password).map_err(|e| anyhow::anyhow!("--password: {e}"))?;
            let name = PersonName::parse(&name).map_err(|e| anyhow::anyhow!("--name: {e}"))?;
            let (id, created) = commands
                .ensure_admin(email, password, name)
                .await
                .context("creating the admin")?;
            crate::say!(
                "{} admin {id}",
                if created {
                    "created"
                } else {
                    "already existed; ensured"
                }
            );
            Ok(())
        }
        Command::Projections { command } => {
            let pool = db::connect_and_migrate(&url, 8).await?;
            let projectors = birqadam_projections::all_projectors();
            match command {
                ProjectionsCommand::Rebuild { name } => {
                    let chosen: Vec<_> = projectors
                        .into_iter()
                        .filter(|p| name.as_deref().is_none_or(|n| n == p.name()))
                        .collect();
                    if chosen.is_empty() {
                        bail!("no projector named {:?}", name.unwrap_or_default());
                    }
                    // one rebuild per core at a time (each is bound by its projector's work)
                    let cores = std::thread::available_parallelism().map_or(1, usize::from);
                    let rebuilt =
                        birqadam_projections::rebuild_all(&pool, &chosen, 5000, cores).await?;
                    for (name, applied) in rebuilt {
                        crate::say!("rebuilt {name} from {applied} events");
                    }
                    Ok(())
                }
                ProjectionsCommand::Status => {
                    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
                        "select name, transaction_id, global_position from projection_checkpoints order by name",
                    )
                    .fetch_all(&pool)
                    .await?;
                    for (name, tx, position) in rows {
                        crate::say!("{name:40} tx {tx:>12} position {position:>12}");
                    }
                    Ok(())
                }
            }
        }
    }
}

/// Runs the audit commands that need neither settings nor the database; `None` for the others.
fn offline_audit(command: &AuditCommand) -> anyhow::Result<Option<String>> {
    match command {
        AuditCommand::VerifyExport {
            file,
            key,
            checkpoints,
            since,
        } => audit_cli::verify_export_file(file, key, checkpoints, since.as_deref()).map(Some),
        AuditCommand::VerifyReceipt { file, key } => {
            audit_cli::verify_receipt_file(file, key).map(Some)
        }
        AuditCommand::Replay {
            file,
            compare: false,
        } => {
            let replayed = audit_cli::replay_export(file)?;
            let periods = audit_cli::check_periods(&replayed)?;
            Ok(Some(format!(
                "{}\n{periods}",
                audit_cli::replay::summary(&replayed)
            )))
        }
        AuditCommand::Export { .. }
        | AuditCommand::Key
        | AuditCommand::Verify { .. }
        | AuditCommand::Replay { .. } => Ok(None),
    }
}

/// A command facade for operator tools: no views to wait for.
fn offline_commands(settings: &Settings, pool: sqlx::PgPool) -> anyhow::Result<Commands> {
    let photos = crate::app::photo_store(settings)?;
    let deps = Dependencies {
        auth: settings.auth(),
        catchup: Arc::new(NoWait),
        clock: Arc::new(SystemClock),
        photos,
        photo_limits: PhotoLimits::default(),
    };
    Commands::new(pool, deps)
}
