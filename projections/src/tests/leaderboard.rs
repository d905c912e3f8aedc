//! Leaderboards: ranks, ties, Almaty month and week boards, my rank, exclusions.

use birqadam_domain::Role;
use uuid::Uuid;

use super::story::{Story, at};
use crate::leaderboard::period_keys;
use crate::queries::Queries;

/// The accounts of a board in rank order.
async fn board(q: &Queries, period: &str) -> Vec<(Uuid, i32)> {
    q.leaderboard(period, 100)
        .await
        .expect("query")
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            assert_eq!(row.rank, i as i64 + 1, "ranks are 1, 2, 3, ...");
            (row.account_id, row.points)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn boards_rank_by_points_then_who_got_there_first_and_split_at_almaty_midnight() {
    let mut s = Story::new().await;
    let [a, b, c, d, blocked] = [
        s.volunteer("A").await,
        s.volunteer("B").await,
        s.volunteer("C").await,
        s.volunteer("D").await,
        s.volunteer("Blocked").await,
    ];
    let organizer = s
        .account("Org", &[Role::Organizer], "2026-11-01T00:00:00Z")
        .await;
    // November (Almaty): the last second of the month is 18:59:59Z on the 30th
    s.credit(b, 5, 5, "2026-11-10T10:00:00Z").await;
    s.credit(a, 5, 5, "2026-11-30T18:59:59Z").await;
    s.credit(c, 3, 3, "2026-11-20T10:00:00Z").await;
    s.credit(blocked, 5, 100, "2026-11-20T10:00:00Z").await;
    s.credit(organizer, 5, 50, "2026-11-20T10:00:00Z").await;
    // December (Almaty) from 19:00:00Z on November 30th
    s.credit(d, 2, 2, "2026-11-30T19:00:00Z").await;
    s.credit(c, 4, 7, "2026-12-02T10:00:00Z").await;
    s.adjust(b, -1, 4, "2026-12-03T10:00:00Z").await;
    s.adjust(b, 0, 4, "2026-12-04T10:00:00Z").await;
    s.project_all().await;
    sqlx::query("update accounts_view set blocked = true where id = $1")
        .bind(blocked)
        .execute(&s.pool)
        .await
        .expect("blocked (no event blocks accounts yet)");
    let q = Queries::new(s.pool.clone());

    assert_eq!(board(&q, "all").await, vec![(c, 7), (a, 5), (b, 4), (d, 2)]);
    let november = period_keys(at("2026-11-30T18:59:59Z")).0;
    let december = period_keys(at("2026-11-30T19:00:00Z")).0;
    assert_eq!(
        (november.as_str(), december.as_str()),
        ("month:2026-11", "month:2026-12")
    );
    assert_eq!(
        board(&q, &november).await,
        vec![(b, 5), (a, 5), (c, 3)],
        "b reached 5 first"
    );
    assert_eq!(board(&q, &december).await, vec![(c, 4), (d, 2), (b, -1)]);
    // 2026-11-30 is a Monday in Almaty: week 49 holds a's last-second credit too
    assert_eq!(
        board(&q, "week:2026-W49").await,
        vec![(a, 5), (c, 4), (d, 2), (b, -1)]
    );
    let rows = q.leaderboard("all", 1).await.expect("query");
    assert_eq!(
        (
            rows.len(),
            rows[0].name.as_str(),
            rows[0].achievements_count
        ),
        (1, "C", 0)
    );
    let reached: chrono::DateTime<chrono::Utc> = sqlx::query_scalar(
        "select reached_at from leaderboard_view where period = 'all' and account_id = $1",
    )
    .bind(b)
    .fetch_one(&s.pool)
    .await
    .expect("b's row");
    assert_eq!(
        reached,
        at("2026-12-03T10:00:00Z"),
        "a zero adjustment sets nothing"
    );

    for period in ["all", november.as_str(), december.as_str(), "week:2026-W49"] {
        let full = board(&q, period).await;
        assert_eq!(
            q.leaderboard_total(period).await.expect("query"),
            full.len() as i64
        );
        for (i, (account, points)) in full.iter().enumerate() {
            let me = q
                .my_rank(period, *account)
                .await
                .expect("query")
                .expect("ranked");
            assert_eq!((me.rank, me.points), (i as i64 + 1, *points), "{period}");
        }
        assert_eq!(q.my_rank(period, blocked).await.expect("query"), None);
        assert_eq!(q.my_rank(period, organizer).await.expect("query"), None);
    }
    assert_eq!(q.my_rank("week:2026-W47", a).await.expect("query"), None);
}
