//! A large log seeded through the real command path, fast: accounts registered and rating
//! adjustments sent in process through `Commands` (not HTTP, no waiting for the views), by a real
//! admin, several accounts at once.

use birqadam::app::Workers;
use birqadam_commands::{CommandContext, NewAccount};
use birqadam_domain::values::{Email, Language, Password, PersonName};
use birqadam_domain::{Actor, Role};
use uuid::Uuid;

use super::support::{sign, tree_caught_up};
use crate::helpers::{TestApp, spawn_app_with};

/// Accounts that receive the adjustments (the work is spread over them).
pub const ACCOUNTS: usize = 250;

/// The app with no log consumers of its own (no views, no audit workers): seeding is not slowed
/// by the projectors; the tests run the audit tree by hand.
pub async fn app_without_consumers() -> TestApp {
    spawn_app_with(
        |_| {},
        Workers {
            projectors: false,
            process_managers: false,
            scheduler: false,
            audit: false,
            notifier: false,
            bot: false,
        },
    )
    .await
}

/// Registers [`ACCOUNTS`] volunteers and sends `adjustments` rating adjustments spread over
/// them (varied deltas and reasons, some negative); returns the accounts.
pub async fn seeded_accounts(app: &TestApp, adjustments: usize) -> Vec<Uuid> {
    let commands = app.commands.without_wait();
    let (admin, _) = commands
        .ensure_admin(
            Email::parse("seed-admin@test.kz").expect("an e-mail"),
            Password::parse("password123").expect("a password"),
            PersonName::parse("Seed Admin").expect("a name"),
        )
        .await
        .expect("the admin exists");
    let mut accounts = Vec::with_capacity(ACCOUNTS);
    for i in 0..ACCOUNTS {
        let new = NewAccount {
            name: PersonName::parse(&format!("Волонтёр {i}")).expect("a name"),
            email: Email::parse(&format!("seed-{i}@test.kz")).expect("an e-mail"),
            phone: None,
            password: Password::parse("password123").expect("a password"),
            language: Language::Kk,
        };
        let registered = commands
            .register(&CommandContext::system(), new)
            .await
            .expect("registered");
        accounts.push(registered.id);
    }
    let context = CommandContext::operator().with_actor(Actor::account(admin, [Role::Admin]));
    let mut workers = Vec::new();
    for (w, account) in accounts.iter().copied().enumerate() {
        let commands = commands.clone();
        let context = context.clone();
        let share = adjustments / ACCOUNTS + usize::from(w < adjustments % ACCOUNTS);
        workers.push(tokio::spawn(async move {
            for k in 0..share {
                let delta = i32::try_from((k * 7 + w) % 23).expect("small") - 5;
                let delta = if delta == 0 { 3 } else { delta };
                commands
                    .adjust_rating(&context, account, delta, format!("субботник №{k} «{w}»"))
                    .await
                    .expect("the adjustment is stored");
            }
        }));
    }
    for worker in workers {
        worker.await.expect("the worker ran");
    }
    accounts
}

/// A log of at least `events` events seeded through the commands, all in the tree and signed;
/// returns the signed size.
pub async fn seeded_log(app: &TestApp, events: usize) -> u64 {
    seeded_accounts(app, events).await;
    tree_caught_up(app).await;
    sign(app).await.size
}
