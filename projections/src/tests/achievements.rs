//! Achievements: unlocks at the crossing event, count rules, never revoked, late definitions.

use birqadam_domain::achievement::AchievementRule;
use birqadam_domain::project::ProjectEvent;
use chrono::{DateTime, Utc};

use super::story::{Story, at};
use crate::keyset::Keyset;
use crate::queries::Queries;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn achievements_unlock_when_crossed_stay_unlocked_and_late_definitions_unlock_now() {
    let mut s = Story::new().await;
    s.define(
        "first_project",
        AchievementRule::ProjectsJoined { count: 1 },
        10,
        "2026-11-01T00:00:00Z",
    )
    .await;
    s.define(
        "projects_2",
        AchievementRule::ProjectsJoined { count: 2 },
        20,
        "2026-11-01T00:00:00Z",
    )
    .await;
    s.define(
        "first_report",
        AchievementRule::ApprovedReports { count: 1 },
        30,
        "2026-11-01T00:00:00Z",
    )
    .await;
    s.define(
        "rating_5",
        AchievementRule::Rating { threshold: 5 },
        40,
        "2026-11-01T00:00:00Z",
    )
    .await;
    s.define(
        "rating_9",
        AchievementRule::Rating { threshold: 9 },
        50,
        "2026-11-01T00:00:00Z",
    )
    .await;
    let owner = s.volunteer("Owner").await;
    let v = s.volunteer("V").await;
    let bystander = s.volunteer("Bystander").await;
    let p1 = s
        .new_project(owner, "One", true, "2026-11-02T00:00:00Z")
        .await;
    let p2 = s
        .new_project(owner, "Two", true, "2026-11-02T00:00:00Z")
        .await;
    s.join(p1, v, "2026-11-03T00:00:00Z").await;
    s.project(
        p1,
        ProjectEvent::VolunteerLeft { volunteer: v },
        "2026-11-04T00:00:00Z",
    )
    .await;
    s.join(p1, v, "2026-11-05T00:00:00Z").await;
    s.project_all().await;
    let q = Queries::new(s.pool.clone());
    let unlocked = |rows: Vec<crate::queries::AchievementRow>| {
        rows.into_iter()
            .filter_map(|a| a.unlocked_at.map(|t| (a.id, t)))
            .collect::<Vec<(String, DateTime<Utc>)>>()
    };
    assert_eq!(
        unlocked(q.achievements(Some(v)).await.expect("query")),
        vec![("first_project".to_owned(), at("2026-11-03T00:00:00Z"))],
        "a re-join of the same project does not count twice"
    );

    s.join(p2, v, "2026-11-06T00:00:00Z").await;
    let task = s.task(p1, owner, None, "2026-11-07T00:00:00Z").await;
    s.accept_and_submit(task, p1, v, "2026-11-07T00:00:00Z")
        .await;
    s.approve(task, p1, v, 1, Some(5), owner, "2026-11-08T00:00:00Z")
        .await;
    s.credit(v, 5, 5, "2026-11-08T00:00:01Z").await;
    s.adjust(v, -5, 0, "2026-11-09T00:00:00Z").await;
    s.project_all().await;
    let expected = vec![
        ("first_project".to_owned(), at("2026-11-03T00:00:00Z")),
        ("projects_2".to_owned(), at("2026-11-06T00:00:00Z")),
        ("first_report".to_owned(), at("2026-11-08T00:00:00Z")),
        ("rating_5".to_owned(), at("2026-11-08T00:00:01Z")),
    ];
    assert_eq!(
        unlocked(q.achievements(Some(v)).await.expect("query")),
        expected,
        "never revoked"
    );
    assert!(unlocked(q.achievements(Some(bystander)).await.expect("query")).is_empty());
    let progress = q.progress(v).await.expect("query");
    assert_eq!(
        (
            progress.rating,
            progress.approved_reports,
            progress.projects_joined
        ),
        (0, 1, 2)
    );
    assert_eq!((progress.xp, progress.unlocked), (100, 4));
    let next = progress.next.expect("rating_9 is locked");
    assert_eq!(
        (next.achievement.id.as_str(), next.current),
        ("rating_9", 0)
    );

    // definitions arriving after the progress unlock at the definition's time
    s.define(
        "reports_1_late",
        AchievementRule::ApprovedReports { count: 1 },
        5,
        "2026-11-20T00:00:00Z",
    )
    .await;
    s.define(
        "rating_3_late",
        AchievementRule::Rating { threshold: 3 },
        5,
        "2026-11-20T00:00:00Z",
    )
    .await;
    s.project_all().await;
    let all = unlocked(q.achievements(Some(v)).await.expect("query"));
    assert_eq!(all.len(), 5, "{all:?}");
    assert_eq!(
        all[4],
        ("reports_1_late".to_owned(), at("2026-11-20T00:00:00Z"))
    );

    let feed = q
        .activity(v, &Keyset::first(100))
        .await
        .expect("query")
        .items;
    let unlocks: Vec<String> = feed
        .iter()
        .filter(|a| a.kind == "achievement_unlocked")
        .map(|a| a.title("en"))
        .collect();
    assert_eq!(
        unlocks,
        [
            "Achievement unlocked: reports_1_late en",
            "Achievement unlocked: rating_5 en",
            "Achievement unlocked: first_report en",
            "Achievement unlocked: projects_2 en",
            "Achievement unlocked: first_project en",
        ]
    );
    assert_eq!(feed[0].kind, "achievement_unlocked");
    let rows = q.leaderboard("all", 10).await.expect("query");
    let mine = rows
        .iter()
        .find(|r| r.account_id == v)
        .expect("v is ranked");
    assert_eq!(mine.achievements_count, 5);
}
