//! The in-memory boards (`rank_index`) against the views: a `Queries` that has read a board
//! keeps answering like the views after later credits, ties, new volunteers and granted roles.

use birqadam_domain::Role;
use birqadam_domain::account::AccountEvent;
use rand::Rng;
use uuid::Uuid;

use super::story::Story;
use crate::queries::Queries;
use crate::{all_projectors, run_once};

/// `(account, rank, points)` of a whole board, straight from the views (the reference).
async fn reference(s: &Story, period: &str) -> Vec<(Uuid, i64, i32)> {
    sqlx::query_as(
        "select l.account_id,
                row_number() over (order by l.points desc, l.reached_at, l.account_id),
                l.points
           from leaderboard_view l join accounts_view a on a.id = l.account_id
          where l.period = $1 and not a.blocked and 'volunteer' = any(a.roles)
          order by 2",
    )
    .bind(period)
    .fetch_all(&s.pool)
    .await
    .expect("reference board")
}

/// The same board through `q`: the top rows, then each account's own rank and the total.
async fn through(q: &Queries, period: &str, accounts: &[Uuid]) -> Vec<(Uuid, i64, i32)> {
    let page = q.leaderboard_page(period, 100, None).await.expect("page");
    let top: Vec<_> = page
        .rows
        .iter()
        .map(|r| (r.account_id, r.rank, r.points))
        .collect();
    assert_eq!(page.total, top.len() as i64, "{period}: total");
    for account in accounts {
        let me = q.my_rank(period, *account).await.expect("my rank");
        let row = top.iter().find(|(id, ..)| id == account);
        assert_eq!(
            me.map(|m| (m.rank, m.points)),
            row.map(|r| (r.1, r.2)),
            "{period}"
        );
    }
    top
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_read_once_follows_later_credits_ties_and_granted_roles() {
    let mut s = Story::new().await;
    let [a, b, c] = [
        s.volunteer("A").await,
        s.volunteer("B").await,
        s.volunteer("C").await,
    ];
    let organizer = s
        .account("Org", &[Role::Organizer], "2026-11-01T00:00:00Z")
        .await;
    s.credit(a, 5, 5, "2026-11-10T10:00:00Z").await;
    s.credit(organizer, 9, 9, "2026-11-10T10:00:00Z").await;
    s.project_all().await;
    let q = Queries::new(s.pool.clone());
    assert_eq!(
        through(&q, "all", &[a, b, c, organizer]).await,
        vec![(a, 1, 5)]
    );

    // b ties a later (a stays first); c and b reach 3 at the same instant (the smaller id first)
    s.credit(b, 5, 5, "2026-11-11T10:00:00Z").await;
    s.credit(c, 3, 3, "2026-11-12T10:00:00Z").await;
    s.adjust(a, -2, 3, "2026-11-12T10:00:00Z").await;
    s.adjust(b, -2, 3, "2026-11-12T10:00:00Z").await;
    let granted = AccountEvent::RoleGranted {
        role: Role::Volunteer,
        by: None,
    };
    s.append("Account", organizer, &granted, "2026-11-13T10:00:00Z")
        .await;
    let late = s.volunteer("Late").await;
    s.credit(late, 1, 1, "2026-11-14T10:00:00Z").await;
    s.project_all().await;
    let expected = vec![
        (organizer, 1, 9),
        (a, 2, 3),
        (b, 3, 3),
        (c, 4, 3),
        (late, 5, 1),
    ];
    assert!(a < b && b < c, "ids grow with registration");
    assert_eq!(reference(&s, "all").await, expected);
    assert_eq!(
        through(&q, "all", &[a, b, c, organizer, late]).await,
        expected,
        "the board read before the changes follows them"
    );
    assert_eq!(
        through(
            &Queries::new(s.pool.clone()),
            "all",
            &[a, b, c, organizer, late]
        )
        .await,
        expected,
        "a board loaded now agrees"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_changes_across_almaty_month_and_week_ends_rank_like_the_views() {
    let mut s = Story::new().await;
    let mut accounts = Vec::new();
    for i in 0..12 {
        accounts.push(s.volunteer(&format!("V{i}")).await);
    }
    // around Almaty's midnight between Sunday 2026-11-29 and Monday (week 48 → 49) and
    // between November and December (2026-11-30T19:00:00Z)
    let instants = [
        "2026-11-29T18:59:59Z",
        "2026-11-29T19:00:00Z",
        "2026-11-30T18:59:59Z",
        "2026-11-30T19:00:00Z",
    ];
    let periods = [
        "all",
        "month:2026-11",
        "month:2026-12",
        "week:2026-W48",
        "week:2026-W49",
    ];
    let q = Queries::new(s.pool.clone());
    let mut rng = rand::rng();
    for round in 0..6 {
        for _ in 0..10 {
            let who = accounts[rng.random_range(0..accounts.len())];
            let when = instants[rng.random_range(0..instants.len())];
            let delta: i32 = rng.random_range(-3..=6);
            if delta > 0 && rng.random_bool(0.5) {
                s.credit(who, delta.unsigned_abs(), 0, when).await;
            } else {
                s.adjust(who, delta, 0, when).await;
            }
        }
        s.project_all().await;
        for period in periods {
            assert_eq!(
                through(&q, period, &accounts).await,
                reference(&s, period).await,
                "round {round}, {period}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn top_rows_read_once_show_a_later_name_change() {
    let mut s = Story::new().await;
    let a = s.volunteer("Before").await;
    s.credit(a, 5, 5, "2026-11-10T10:00:00Z").await;
    s.project_all().await;
    let q = Queries::new(s.pool.clone());
    let name = |q: Queries| async move {
        q.leaderboard("all", 10).await.expect("board")[0]
            .name
            .clone()
    };
    assert_eq!(name(q.clone()).await, "Before");
    assert_eq!(
        name(q.clone()).await,
        "Before",
        "the second read is the cached one"
    );
    let renamed = AccountEvent::ProfileUpdated {
        name: Some("After".to_owned()),
        email: None,
        phone: None,
        language: None,
    };
    s.append("Account", a, &renamed, "2026-11-11T10:00:00Z")
        .await;
    s.project_all().await;
    assert_eq!(name(q).await, "After");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_follows_the_leaderboard_projector_when_it_runs_ahead_of_the_accounts_one() {
    // Arrange: a board read once; then a credit and a new volunteer that only the leaderboard
    // projector has applied (the accounts projector has not run yet)
    let mut s = Story::new().await;
    let a = s.volunteer("A").await;
    let b = s.volunteer("B").await;
    s.credit(a, 2, 2, "2026-11-10T10:00:00Z").await;
    s.credit(b, 3, 3, "2026-11-10T10:00:00Z").await;
    s.project_all().await;
    let q = Queries::new(s.pool.clone());
    assert_eq!(
        through(&q, "all", &[a, b]).await,
        vec![(b, 1, 3), (a, 2, 2)]
    );
    s.credit(a, 5, 7, "2026-11-11T10:00:00Z").await;
    let leaderboard = all_projectors()
        .into_iter()
        .find(|p| p.name() == "leaderboard")
        .expect("the leaderboard projector");
    let mut applied = 0;
    while applied == 0 {
        applied = run_once(&s.pool, leaderboard.as_ref())
            .await
            .expect("projected");
    }

    // Act
    let ahead = through(&q, "all", &[a, b]).await;
    s.project_all().await;
    let together = through(&q, "all", &[a, b]).await;

    // Assert: both answers are what the views say at that moment
    assert_eq!(
        ahead,
        vec![(a, 1, 7), (b, 2, 3)],
        "the leaderboard ran ahead"
    );
    assert_eq!(together, reference(&s, "all").await, "both projectors ran");
}
