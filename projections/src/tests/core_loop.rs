//! The life of a project, a task, an assignment and its reports, through every view and query.

use birqadam_domain::Role;
use birqadam_domain::assignment::{AssignmentEvent, assignment_id, report_id};
use birqadam_domain::project::ProjectEvent;
use uuid::Uuid;

use super::story::{Story, at};
use super::support::dump;
use crate::keyset::Keyset;
use crate::queries::{ModerationFilter, ProjectFilter, Queries, Visibility};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_project_task_and_report_life_fills_every_view() {
    let mut s = Story::new().await;
    let owner = s
        .account(
            "Organizer",
            &[Role::Volunteer, Role::Organizer],
            "2026-11-01T00:00:00Z",
        )
        .await;
    let other_owner = s
        .account(
            "Other organizer",
            &[Role::Organizer],
            "2026-11-01T00:00:00Z",
        )
        .await;
    let (v1, v2) = (s.volunteer("Aigerim").await, s.volunteer("Bolat").await);
    let project = s
        .new_project(owner, "River day", true, "2026-11-02T10:00:00Z")
        .await;
    let pending = s
        .new_project(owner, "Park day", false, "2026-11-03T10:00:00Z")
        .await;
    let foreign = s
        .new_project(other_owner, "Lake day", true, "2026-11-04T10:00:00Z")
        .await;
    s.join(project, v1, "2026-11-05T10:00:00Z").await;
    s.join(project, v2, "2026-11-05T11:00:00Z").await;
    s.project(
        project,
        ProjectEvent::VolunteerLeft { volunteer: v1 },
        "2026-11-06T10:00:00Z",
    )
    .await;
    s.join(project, v1, "2026-11-07T10:00:00Z").await;
    let task = s.task(project, owner, None, "2026-11-08T10:00:00Z").await;
    let listed = s
        .task(project, owner, Some(vec![v2]), "2026-11-08T11:00:00Z")
        .await;
    let assignment = s
        .accept_and_submit(task, project, v1, "2026-11-09T10:00:00Z")
        .await;
    let reject = AssignmentEvent::ReportRejected {
        task_id: task,
        project_id: project,
        volunteer: v1,
        report_id: report_id(assignment, 1),
        attempt: 1,
        reason: "blurry".to_owned(),
        moderator: Some(owner),
    };
    s.append("Assignment", assignment, &reject, "2026-11-10T10:00:00Z")
        .await;
    s.submit(task, project, v1, 2, "2026-11-11T10:00:00Z").await;
    s.approve(task, project, v1, 2, Some(4), owner, "2026-11-12T10:00:00Z")
        .await;
    s.credit(v1, 4, 4, "2026-11-12T10:00:01Z").await;
    s.project_all().await;
    let q = Queries::new(s.pool.clone());

    // projects_view, members, joins
    let row = q
        .project(project, Some(v1))
        .await
        .expect("query")
        .expect("row");
    assert_eq!(row.title, "River day");
    assert_eq!(row.tags, vec!["river", "a, comma"]);
    assert_eq!(row.capacity, Some(30));
    assert_eq!(row.latitude, Some(43.25));
    assert_eq!(row.status, "approved");
    assert_eq!(row.members_count, 2);
    assert!(row.joined);
    assert_eq!(row.organizer_name.as_deref(), Some("Organizer"));
    assert_eq!(row.created_at, at("2026-11-02T10:00:00Z"));
    assert_eq!(row.updated_at, at("2026-11-07T10:00:00Z"));
    assert!(
        !q.project(project, Some(owner))
            .await
            .expect("query")
            .expect("row")
            .joined
    );
    let members = q
        .project_members(project, &Keyset::first(10))
        .await
        .expect("query")
        .items;
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        ["Bolat", "Aigerim"],
        "re-joined Aigerim is after Bolat"
    );
    assert_eq!(members[1].joined_at, at("2026-11-07T10:00:00Z"));
    assert!(q.is_member(project, v1).await.expect("query"));
    assert!(!q.is_member(pending, v1).await.expect("query"));
    assert_eq!(q.project_owner(project).await.expect("query"), Some(owner));
    let joins = dump(&s.pool, "project_joins_view").await;
    assert_eq!(joins.as_array().map(Vec::len), Some(2), "{joins}");
    let first: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("select first_joined_at from project_joins_view where account_id = $1")
            .bind(v1)
            .fetch_one(&s.pool)
            .await
            .expect("v1 joined once");
    assert_eq!(first, at("2026-11-05T10:00:00Z"));

    // catalogue visibility, filters, keyset
    let all = ProjectFilter::default();
    let ids =
        |rows: Vec<crate::queries::ProjectRow>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    let public = q
        .projects(&all, Visibility::Public, None, &Keyset::first(10))
        .await
        .expect("query")
        .items;
    assert_eq!(ids(public), vec![foreign, project]);
    let mine = q
        .projects(
            &all,
            Visibility::Owner(owner),
            Some(owner),
            &Keyset::first(10),
        )
        .await
        .expect("q")
        .items;
    assert_eq!(ids(mine), vec![foreign, pending, project]);
    let admin = q
        .projects(&all, Visibility::Admin, None, &Keyset::first(2))
        .await
        .expect("query")
        .items;
    let last = admin.last().expect("a page");
    let rest = q
        .projects(
            &all,
            Visibility::Admin,
            None,
            &Keyset::after((last.created_at, last.id), 2),
        )
        .await
        .expect("query")
        .items;
    assert_eq!(
        ids(admin).into_iter().chain(ids(rest)).collect::<Vec<_>>(),
        vec![foreign, pending, project]
    );
    let river = ProjectFilter {
        q: Some("RIVER".to_owned()),
        ..ProjectFilter::default()
    };
    let found = q
        .projects(&river, Visibility::Admin, Some(v1), &Keyset::first(10))
        .await
        .expect("query")
        .items;
    assert_eq!(found.len(), 3, "every description mentions the river");
    let lake = ProjectFilter {
        q: Some("lake".to_owned()),
        city: Some("Almaty".to_owned()),
        ..ProjectFilter::default()
    };
    assert_eq!(
        ids(q
            .projects(&lake, Visibility::Public, None, &Keyset::first(10))
            .await
            .expect("q")
            .items),
        vec![foreign]
    );
    let pct = ProjectFilter {
        q: Some("%".to_owned()),
        ..ProjectFilter::default()
    };
    assert!(
        q.projects(&pct, Visibility::Admin, None, &Keyset::first(10))
            .await
            .expect("q")
            .items
            .is_empty()
    );
    let pending_only = ProjectFilter {
        status: Some("pending".to_owned()),
        ..ProjectFilter::default()
    };
    assert!(
        q.projects(&pending_only, Visibility::Public, None, &Keyset::first(10))
            .await
            .expect("q")
            .items
            .is_empty()
    );

    // tasks
    let tasks = q
        .project_tasks(project, &Keyset::first(10))
        .await
        .expect("query")
        .items;
    assert_eq!(
        tasks.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![listed, task]
    );
    assert_eq!(tasks[0].assignees, Some(vec![v2]));
    assert_eq!(tasks[1].assignees, None);
    assert_eq!(tasks[1].status, "open");
    let v1_tasks = q
        .my_tasks(v1, &Keyset::first(10))
        .await
        .expect("query")
        .items;
    assert_eq!(v1_tasks.len(), 1, "the listed task is not for v1");
    assert_eq!(v1_tasks[0].task.id, task);
    assert_eq!(v1_tasks[0].assignment_status.as_deref(), Some("approved"));
    assert_eq!(v1_tasks[0].report_id, Some(report_id(assignment, 2)));
    let v2_tasks = q
        .my_tasks(v2, &Keyset::first(10))
        .await
        .expect("query")
        .items;
    assert_eq!(
        v2_tasks.iter().map(|t| t.task.id).collect::<Vec<_>>(),
        vec![listed, task]
    );
    assert!(v2_tasks.iter().all(|t| t.assignment_status.is_none()));

    // assignment, reports, photos
    let a = q.assignment(task, v1).await.expect("query").expect("row");
    assert_eq!(
        (a.id, a.status.as_str(), a.attempt),
        (assignment_id(task, v1), "approved", 2)
    );
    assert_eq!(a.updated_at, at("2026-11-12T10:00:00Z"));
    let first_report = q
        .report(report_id(assignment, 1))
        .await
        .expect("query")
        .expect("row");
    assert_eq!(first_report.status, "rejected");
    assert_eq!(first_report.rejection_reason.as_deref(), Some("blurry"));
    assert_eq!(first_report.moderated_at, Some(at("2026-11-10T10:00:00Z")));
    let approved = q
        .report(report_id(assignment, 2))
        .await
        .expect("query")
        .expect("row");
    assert_eq!(approved.status, "approved");
    assert_eq!(approved.stars, Some(4));
    assert_eq!(approved.moderator_comment.as_deref(), Some("well done"));
    assert_eq!(approved.moderator_id, Some(owner));
    assert_eq!(approved.comment.as_deref(), Some("attempt 2"));
    assert_eq!(approved.volunteer_name.as_deref(), Some("Aigerim"));
    assert_eq!(approved.project_owner_id, Some(owner));
    assert_eq!(approved.submitted_at, at("2026-11-11T10:00:00Z"));
    let photos = approved.photos.as_array().expect("a photo list");
    assert_eq!(photos.len(), 2);
    assert_eq!(photos[0]["width"], 640);
    let photo_id: Uuid = photos[1]["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("id");
    let photo = q.photo(photo_id).await.expect("query").expect("row");
    assert_eq!(
        (photo.report_id, photo.volunteer_id, photo.project_owner_id),
        (approved.id, v1, Some(owner))
    );
    assert_eq!(
        dump(&s.pool, "photos_view").await.as_array().map(Vec::len),
        Some(4)
    );
    let mine = q
        .my_reports(v1, &Keyset::first(10))
        .await
        .expect("query")
        .items;
    assert_eq!(
        mine.iter().map(|r| r.attempt).collect::<Vec<_>>(),
        vec![2, 1]
    );

    // moderation queue: oldest first, own projects only unless admin
    let queue = |status: Option<&str>, owner: Option<Uuid>| ModerationFilter {
        status: status.map(str::to_owned),
        project_id: None,
        owner,
    };
    assert!(
        q.moderation_queue(&queue(Some("pending"), None), &Keyset::first(10))
            .await
            .expect("q")
            .items
            .is_empty()
    );
    let own = q
        .moderation_queue(&queue(None, Some(owner)), &Keyset::first(10))
        .await
        .expect("query")
        .items;
    assert_eq!(
        own.iter().map(|r| r.attempt).collect::<Vec<_>>(),
        vec![1, 2]
    );
    let page = q
        .moderation_queue(&queue(None, None), &Keyset::first(1))
        .await
        .expect("query")
        .items;
    let next = q
        .moderation_queue(
            &queue(None, None),
            &Keyset::after((page[0].submitted_at, page[0].id), 5),
        )
        .await
        .expect("query")
        .items;
    assert_eq!(next.iter().map(|r| r.attempt).collect::<Vec<_>>(), vec![2]);
    assert!(
        q.moderation_queue(&queue(None, Some(other_owner)), &Keyset::first(10))
            .await
            .expect("q")
            .items
            .is_empty()
    );
    let by_project = ModerationFilter {
        status: Some("approved".to_owned()),
        project_id: Some(foreign),
        owner: None,
    };
    assert!(
        q.moderation_queue(&by_project, &Keyset::first(10))
            .await
            .expect("q")
            .items
            .is_empty()
    );

    // rating history and activity
    let history = q.rating_history(v1, None, 10).await.expect("query");
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].delta, history[0].rating_after), (4, 4));
    assert_eq!(history[0].source_kind, "report");
    assert_eq!(history[0].at, at("2026-11-12T10:00:01Z"));
    let feed = q
        .activity(v1, &Keyset::first(100))
        .await
        .expect("query")
        .items;
    let kinds: Vec<&str> = feed.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "report_approved",
            "report_submitted",
            "report_rejected",
            "report_submitted",
            "task_accepted",
            "task_offered",
            "project_joined",
            "project_left",
            "project_joined",
        ]
    );
    assert_eq!(feed[0].title("en"), "Photo report approved: 4★");
    assert_eq!(feed[6].title("ru"), "Вы вступили в проект «River day»");
    let page = q
        .activity(v1, &Keyset::first(4))
        .await
        .expect("query")
        .items;
    let last = page.last().expect("a page");
    let rest = q
        .activity(v1, &Keyset::after((last.at, last.position, last.sub), 100))
        .await
        .expect("query")
        .items;
    assert_eq!(page.len() + rest.len(), feed.len());
    assert_eq!(rest[0].kind, "task_accepted");
}
