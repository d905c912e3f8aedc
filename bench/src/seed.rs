//! Seeding through the real command path, in process: `Commands::register` for each volunteer,
//! then one `Commands::adjust_rating` each by an admin, many at once. Only the Argon2 cost of
//! the seeded passwords is lowered (64 KiB, 1 pass): the HTTP figures use the service's own cost.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use birqadam_commands::{CommandContext, Commands, Dependencies, NewAccount, NoWait};
use birqadam_domain::clock::SystemClock;
use birqadam_domain::values::{Email, Language, Password, PersonName};
use birqadam_domain::{Actor, Channel, Role};
use birqadam_photos::{PhotoLimits, PhotoStore};
use futures::{StreamExt, TryStreamExt};
use rand::Rng;
use sqlx::PgPool;
use uuid::Uuid;

/// The password of every seeded volunteer.
pub const PASSWORD: &str = "bench-password-1";

/// How many commands run at once while seeding.
const CONCURRENCY: usize = 24;

/// What was seeded.
pub struct Seeded {
    /// Commands appended per second while seeding.
    pub commands_per_sec: f64,
}

/// A command facade with cheap password hashing and no read-your-writes waits.
pub fn commands(pool: &PgPool, data_dir: &std::path::Path) -> anyhow::Result<Commands> {
    let mut settings = birqadam::settings::Settings::from_lookup(|_| None)?;
    settings.argon2.memory_kib = 64;
    settings.argon2.iterations = 1;
    settings.password_hashing_queue = 1024;
    let photos = PhotoStore::local(&data_dir.join("photos"))
        .map_err(|e| anyhow::anyhow!("photo store: {e}"))?;
    Commands::new(
        pool.clone(),
        Dependencies {
            auth: settings.auth(),
            catchup: Arc::new(NoWait),
            clock: Arc::new(SystemClock),
            photos,
            photo_limits: PhotoLimits::default(),
        },
    )
}

fn context(actor: Actor) -> CommandContext {
    CommandContext {
        actor,
        channel: Channel::Import,
        request_id: Some("bench-seed".to_owned()),
        idempotency_key: None,
    }
}

/// The e-mail of the `i`-th volunteer seeded with `prefix`.
pub fn email(prefix: &str, i: usize) -> String {
    format!("{prefix}-{i}@bench.test")
}

/// Registers `count` volunteers (`prefix-N@bench.test`) and gives each 1..=max_points points.
pub async fn volunteers(
    commands: &Commands,
    prefix: &str,
    count: usize,
    max_points: i32,
) -> anyhow::Result<Seeded> {
    let started = Instant::now();
    commands.seed_achievements().await?;
    let (admin, _) = commands
        .ensure_admin(
            parse(Email::parse(&format!("{prefix}-admin@bench.test")))?,
            parse(Password::parse(PASSWORD))?,
            parse(PersonName::parse("Bench Admin"))?,
        )
        .await
        .context("creating the seeding admin")?;
    let anonymous = context(Actor::account(Uuid::nil(), []));
    let volunteers: Vec<(Uuid, String)> = futures::stream::iter(0..count)
        .map(|i| {
            let anonymous = anonymous.clone();
            async move {
                let email = email(prefix, i);
                let new = NewAccount {
                    name: parse(PersonName::parse(&format!("Volunteer {i}")))?,
                    email: parse(Email::parse(&email))?,
                    phone: None,
                    password: parse(Password::parse(PASSWORD))?,
                    language: Language::Ru,
                };
                let done = commands
                    .register(&anonymous, new)
                    .await
                    .with_context(|| format!("registering {email}"))?;
                anyhow::Ok((done.id, email))
            }
        })
        .buffered(CONCURRENCY)
        .try_collect()
        .await?;
    let by_admin = context(Actor::account(admin, [Role::Admin]));
    let points: Vec<i32> = {
        let mut rng = rand::rng();
        (0..count)
            .map(|_| rng.random_range(1..=max_points))
            .collect()
    };
    futures::stream::iter(volunteers.iter().zip(points))
        .map(|((id, _), delta)| {
            let by_admin = by_admin.clone();
            async move {
                commands
                    .adjust_rating(&by_admin, *id, delta, "bench seed".to_owned())
                    .await
                    .with_context(|| format!("crediting {id}"))
            }
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect::<Vec<()>>()
        .await?;
    let commands_per_sec = (2 * count) as f64 / started.elapsed().as_secs_f64();
    Ok(Seeded { commands_per_sec })
}

/// Catches every view up to the head of the log, one per core at a time; returns (events
/// applied, seconds).
pub async fn catch_up_views(pool: &PgPool) -> anyhow::Result<(u64, f64)> {
    let started = Instant::now();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let applied: Vec<u64> =
        futures::stream::iter(birqadam_projections::all_projectors())
            .map(|projector| async move {
                birqadam_projections::run_once(pool, projector.as_ref()).await
            })
            .buffer_unordered(cores)
            .try_collect()
            .await?;
    Ok((applied.iter().sum(), started.elapsed().as_secs_f64()))
}

fn parse<T, E: std::fmt::Display>(r: Result<T, E>) -> anyhow::Result<T> {
    r.map_err(|e| anyhow::anyhow!("bench data is invalid: {e}"))
}
