//! Hot streams across replicas: a second `Commands` on the same database stands in for a
//! second replica, where the stream's version (optimistic concurrency) is the guard — through
//! the stream writers and through cqrs-es's own repository contract.

use birqadam_commands::{CommandContext, CommandError, DomainError};
use birqadam_domain::Role;
use birqadam_domain::actor::Actor;
use birqadam_domain::project::ProjectError;
use futures::StreamExt;
use serde_json::json;
use uuid::Uuid;

use super::{CLIENTS, members, second_replica};
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joins_through_two_replicas_at_once_all_succeed_or_find_the_project_full() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app
        .approved_project(&admin, &organizer, &json!({"capacity": 150}))
        .await;
    let id: Uuid = project.parse().expect("a project id");
    let replicas = [app.commands.clone(), second_replica(&app)];

    let outcomes: Vec<Result<(), CommandError>> = futures::stream::iter(0..200_usize)
        .map(|i| {
            let commands = replicas[i % 2].clone();
            async move {
                let volunteer = Actor::account(Uuid::now_v7(), [Role::Volunteer]);
                let ctx = CommandContext::system().with_actor(volunteer);
                commands.join_project(&ctx, id).await
            }
        })
        .buffer_unordered(CLIENTS)
        .collect()
        .await;

    let joined = outcomes.iter().filter(|o| o.is_ok()).count();
    let full = outcomes
        .iter()
        .filter(|o| {
            matches!(
                o,
                Err(CommandError::Rejected(DomainError::Project(
                    ProjectError::Full
                )))
            )
        })
        .count();
    assert_eq!((joined, full), (150, 50), "{outcomes:?}");
    assert_eq!(members(&app, &project).await, 150, "the capacity holds");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cqrs_es_runs_on_the_event_log_and_a_lost_race_is_an_optimistic_lock_error() {
    use birqadam_commands::store::EventLog;
    use birqadam_domain::project::{Project, ProjectCommand};
    use cqrs_es::persist::{PersistedEventRepository, PersistedEventStore, PersistenceError};

    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app.approved_project(&admin, &organizer, &json!({})).await;
    let log = EventLog::new(app.pool.clone());
    let cqrs = cqrs_es::CqrsFramework::new(
        PersistedEventStore::<EventLog, Project>::new_event_store(log.clone()),
        vec![],
        (),
    );
    let today = app.commands.clock().today_in_almaty();

    for _ in 0..2 {
        let actor = Actor::account(Uuid::now_v7(), [Role::Volunteer]);
        cqrs.execute(&project, ProjectCommand::Join { actor, today })
            .await
            .expect("a join through cqrs-es");
    }

    assert_eq!(members(&app, &project).await, 2);
    let events = log
        .get_events::<Project>(&project)
        .await
        .expect("the stream");
    let last = events.last().expect("events").clone();
    let lost = log.persist::<Project>(&[last], None).await;
    assert!(
        matches!(lost, Err(PersistenceError::OptimisticLockError)),
        "{lost:?}"
    );
}
