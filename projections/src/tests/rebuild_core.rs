//! Every projector: a rebuild from position zero (with other batch boundaries) equals the view
//! the runner built live.

use birqadam_domain::Role;
use birqadam_domain::achievement::AchievementRule;
use birqadam_domain::assignment::{AssignmentEvent, report_id};
use birqadam_domain::project::ProjectEvent;
use tokio::sync::watch;

use super::story::Story;
use super::support::{account_story, caught_up, checkpoint, dump};
use crate::all_projectors;
use crate::rebuild::{rebuild, rebuild_all};
use crate::runner::ConsumerRunner;

/// A log touching every view: definitions before and after progress, memberships that come
/// and go, rejected and approved reports, credits and adjustments across months.
async fn write_story(s: &mut Story) {
    s.define(
        "first_project",
        AchievementRule::ProjectsJoined { count: 1 },
        10,
        "2026-10-01T00:00:00Z",
    )
    .await;
    s.define(
        "first_report",
        AchievementRule::ApprovedReports { count: 1 },
        10,
        "2026-10-01T00:00:00Z",
    )
    .await;
    let owner = s
        .account(
            "Org",
            &[Role::Volunteer, Role::Organizer],
            "2026-10-01T00:00:00Z",
        )
        .await;
    let mut volunteers = Vec::new();
    for n in 0..4 {
        volunteers.push(s.volunteer(&format!("V{n}")).await);
    }
    let p1 = s
        .new_project(owner, "One", true, "2026-10-02T00:00:00Z")
        .await;
    let p2 = s
        .new_project(owner, "Two", false, "2026-10-03T00:00:00Z")
        .await;
    let rejected = ProjectEvent::ProjectRejected {
        by: None,
        reason: "why".to_owned(),
    };
    s.project(p2, rejected, "2026-10-04T00:00:00Z").await;
    for (n, v) in volunteers.iter().enumerate() {
        s.join(p1, *v, &format!("2026-10-05T0{n}:00:00Z")).await;
    }
    let left = ProjectEvent::VolunteerLeft {
        volunteer: volunteers[0],
    };
    s.project(p1, left, "2026-10-06T00:00:00Z").await;
    s.join(p1, volunteers[0], "2026-10-07T00:00:00Z").await;
    let task = s.task(p1, owner, None, "2026-10-08T00:00:00Z").await;
    let _listed = s
        .task(p1, owner, Some(vec![volunteers[1]]), "2026-10-08T00:00:00Z")
        .await;
    s.append(
        "Task",
        task,
        &birqadam_domain::task::TaskEvent::TaskClosed {},
        "2026-12-06T00:00:00Z",
    )
    .await;
    for (n, v) in volunteers.iter().enumerate().take(3) {
        let day = 10 + n;
        let assignment = s
            .accept_and_submit(task, p1, *v, &format!("2026-10-{day}T00:00:00Z"))
            .await;
        if n == 0 {
            let reject = AssignmentEvent::ReportRejected {
                task_id: task,
                project_id: p1,
                volunteer: *v,
                report_id: report_id(assignment, 1),
                attempt: 1,
                reason: "blurry".to_owned(),
                moderator: Some(owner),
            };
            s.append("Assignment", assignment, &reject, "2026-10-20T00:00:00Z")
                .await;
            s.submit(task, p1, *v, 2, "2026-10-21T00:00:00Z").await;
            s.approve(task, p1, *v, 2, None, owner, "2026-11-30T18:59:59Z")
                .await;
        } else {
            s.approve(
                task,
                p1,
                *v,
                1,
                Some(n as u8 + 2),
                owner,
                "2026-11-30T19:00:00Z",
            )
            .await;
            s.credit(*v, n as u32 + 2, n as u32 + 2, "2026-11-30T19:00:01Z")
                .await;
        }
    }
    s.adjust(volunteers[1], -2, 1, "2026-12-01T00:00:00Z").await;
    s.adjust(volunteers[3], 7, 7, "2026-12-02T00:00:00Z").await;
    s.credit(volunteers[3], 0, 7, "2026-12-03T00:00:00Z").await;
    // an organizer application, for the account views
    account_story(&s.pool, 1).await;
    s.define(
        "rating_5",
        AchievementRule::Rating { threshold: 5 },
        20,
        "2026-12-04T00:00:00Z",
    )
    .await;
}

/// Builds every view live with the runner (batches of `batch_size`), stops it, and returns the
/// views' names.
async fn built_live(pool: &sqlx::PgPool, batch_size: i64) -> Vec<&'static str> {
    let names: Vec<&str> = all_projectors().iter().map(|p| p.name()).collect();
    let (stop, shutdown) = watch::channel(false);
    let handle = ConsumerRunner::new(pool.clone(), all_projectors())
        .batch_size(batch_size)
        .spawn(shutdown);
    assert!(caught_up(pool, &names).await);
    stop.send(true).expect("runner listens");
    handle.await.expect("runner stops");
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuild_of_every_projector_equals_its_live_tables() {
    let mut s = Story::new().await;
    write_story(&mut s).await;
    let pool = s.pool.clone();
    built_live(&pool, 3).await;

    for projector in all_projectors() {
        let name = projector.name();
        let mut live = Vec::new();
        for table in projector.tables() {
            let rows = dump(&pool, table).await;
            assert!(
                rows.as_array().is_some_and(|r| !r.is_empty()),
                "{table} is empty"
            );
            live.push(rows);
        }
        let live_checkpoint = checkpoint(&pool, name).await;
        for batch_size in [2, 1000] {
            rebuild(&pool, projector.as_ref(), batch_size)
                .await
                .expect("rebuild");
            for (table, rows) in projector.tables().iter().zip(&live) {
                assert_eq!(
                    &dump(&pool, table).await,
                    rows,
                    "{name}: {table} (batch {batch_size})"
                );
            }
            assert_eq!(checkpoint(&pool, name).await, live_checkpoint, "{name}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_view_rebuilt_three_at_a_time_equals_its_live_tables() {
    let mut s = Story::new().await;
    write_story(&mut s).await;
    let pool = s.pool.clone();
    let names = built_live(&pool, 1000).await;
    let projectors = all_projectors();
    let mut live = Vec::new();
    for projector in &projectors {
        for table in projector.tables() {
            live.push((*table, dump(&pool, table).await));
        }
    }

    let applied = rebuild_all(&pool, &projectors, 4, 3)
        .await
        .expect("rebuild");

    let rebuilt: Vec<&str> = applied.iter().map(|(name, _)| *name).collect();
    assert_eq!(rebuilt, names, "every view, in order");
    assert!(applied.iter().all(|(_, events)| *events > 0), "{applied:?}");
    for (table, rows) in live {
        assert_eq!(dump(&pool, table).await, rows, "{table}");
    }
    let leftovers: i64 = sqlx::query_scalar(
        "select count(*) from information_schema.schemata where schema_name like 'rebuild_%'",
    )
    .fetch_one(&pool)
    .await
    .expect("schemas");
    assert_eq!(
        leftovers, 0,
        "each group's last swap drops its shadow schema"
    );
}
