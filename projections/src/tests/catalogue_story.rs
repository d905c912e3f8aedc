//! A project through moderation, edits and deletion: rejected with a reason, edited back to
//! pending, approved, deleted and restored; what its row and the catalogue show at each step.

use birqadam_domain::Role;
use birqadam_domain::project::ProjectEvent;

use super::story::{Story, at};
use crate::keyset::Keyset;
use crate::queries::{ProjectFilter, Queries, Visibility};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderation_deletion_and_updates_reach_the_catalogue() {
    let mut s = Story::new().await;
    let owner = s
        .account("Organizer", &[Role::Organizer], "2026-11-01T00:00:00Z")
        .await;
    let project = s
        .new_project(owner, "River day", false, "2026-11-02T10:00:00Z")
        .await;
    let rejected = ProjectEvent::ProjectRejected {
        by: None,
        reason: "no address".to_owned(),
    };
    s.project(project, rejected, "2026-11-03T10:00:00Z").await;
    s.project_all().await;
    let q = Queries::new(s.pool.clone());
    let row = q.project(project, None).await.expect("query").expect("row");
    assert_eq!(
        (row.status.as_str(), row.rejection_reason.as_deref()),
        ("rejected", Some("no address"))
    );

    let mut details = super::story::details("River day, again");
    details.tags.clear();
    details.capacity = None;
    s.project(
        project,
        ProjectEvent::ProjectUpdated { details },
        "2026-11-04T10:00:00Z",
    )
    .await;
    s.project_all().await;
    let row = q.project(project, None).await.expect("query").expect("row");
    assert_eq!(
        (row.status.as_str(), row.title.as_str()),
        ("pending", "River day, again")
    );
    assert!(row.tags.is_empty());
    assert_eq!(row.capacity, None);

    s.project(
        project,
        ProjectEvent::ProjectApproved { by: None },
        "2026-11-05T10:00:00Z",
    )
    .await;
    s.project(
        project,
        ProjectEvent::ProjectDeleted { by: Some(owner) },
        "2026-11-06T10:00:00Z",
    )
    .await;
    s.project_all().await;
    let row = q.project(project, None).await.expect("query").expect("row");
    assert!(row.deleted);
    assert_eq!(row.rejection_reason, None);
    let public = q
        .projects(
            &ProjectFilter::default(),
            Visibility::Public,
            None,
            &Keyset::first(10),
        )
        .await
        .expect("q")
        .items;
    assert!(public.is_empty(), "a deleted project is not public");
    s.project(
        project,
        ProjectEvent::ProjectRestored { by: Some(owner) },
        "2026-11-07T10:00:00Z",
    )
    .await;
    s.project_all().await;
    let public = q
        .projects(
            &ProjectFilter::default(),
            Visibility::Public,
            None,
            &Keyset::first(10),
        )
        .await
        .expect("q")
        .items;
    assert_eq!(public.len(), 1);
    assert_eq!(public[0].updated_at, at("2026-11-07T10:00:00Z"));
}
