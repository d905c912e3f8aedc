//! `birqadam audit replay`: a log made by real commands (the core story plus adjustments),
//! exported, replayed from the file alone, equals the live views and the API's boards; a view
//! row changed by hand is reported for its account.

use std::time::Duration;

use birqadam::audit_cli::{Replayed, compare, replay_export};
use birqadam_domain::clock::Clock as _;
use birqadam_domain::standing::ALL;

use super::seeded::seeded_accounts;
use super::support::{PATIENCE, app_without_audit_workers, export, sign, tree_caught_up};
use crate::helpers::TestApp;

/// Runs every view's projector until each holds the whole log.
async fn views_caught_up(app: &TestApp) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        for projector in birqadam_projections::all_projectors() {
            birqadam_projections::run_once(&app.pool, projector.as_ref())
                .await
                .expect("the projector runs");
        }
        // consumer order is (transaction, position): the last event read is the newest
        // transaction's last, which need not hold the highest position (concurrent inserts
        // interleave their positions)
        let behind: i64 = sqlx::query_scalar(
            "select count(*) from projection_checkpoints
              where name = any($1)
                and (transaction_id, global_position) <
                    (select transaction_id::text::bigint, global_position from events
                      order by transaction_id desc, global_position desc limit 1)",
        )
        .bind(
            birqadam_projections::all_projectors()
                .iter()
                .map(|p| p.name().to_owned())
                .collect::<Vec<_>>(),
        )
        .fetch_one(&app.pool)
        .await
        .expect("the checkpoints");
        if behind == 0 {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{behind} views stay behind"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The core story plus `adjustments` adjustments, every view caught up, exported and replayed.
async fn replayed_log(app: &TestApp, adjustments: usize) -> Replayed {
    app.core_story().await;
    seeded_accounts(app, adjustments).await;
    views_caught_up(app).await;
    tree_caught_up(app).await;
    sign(app).await;
    let exported = export(app, "log.ndjson", None).await;
    replay_export(&exported.file).expect("the export replays")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_replay_of_an_export_equals_the_live_views() {
    let app = app_without_audit_workers().await;
    let replayed = replayed_log(&app, 400).await;
    assert!(replayed.events > 400, "{}", replayed.events);
    assert!(
        replayed
            .achievements
            .values()
            .map(|a| a.len())
            .sum::<usize>()
            > 0,
        "some achievements unlocked"
    );

    let differences = compare(&app.pool, &replayed).await.expect("compared");

    assert!(differences.is_empty(), "{differences:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_view_row_changed_by_hand_is_reported_for_its_account() {
    let app = app_without_audit_workers().await;
    let replayed = replayed_log(&app, 100).await;
    let (leader, _) = replayed.ranking(ALL)[0];
    let (unlocker, unlocked) = replayed
        .achievements
        .iter()
        .next()
        .expect("an account with an achievement");
    let achievement = unlocked.keys().next().expect("an achievement").clone();

    sqlx::query(
        "update leaderboard_view set points = points + 1 where period = 'all' and account_id = $1",
    )
    .bind(leader)
    .execute(&app.pool)
    .await
    .expect("edited");
    sqlx::query("delete from achievements_view where account_id = $1 and achievement_id = $2")
        .bind(unlocker)
        .bind(&achievement)
        .execute(&app.pool)
        .await
        .expect("deleted");
    let differences = compare(&app.pool, &replayed).await.expect("compared");

    assert_eq!(differences.len(), 2, "{differences:#?}");
    assert!(
        differences
            .iter()
            .any(|d| d.account == leader && d.what.starts_with("leaderboard all: live")),
        "{differences:#?}"
    );
    assert!(
        differences
            .iter()
            .any(|d| d.account == *unlocker
                && d.what.contains(&format!("achievement {achievement}"))),
        "{differences:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_replay_ranks_every_board_as_the_api_serves_it() {
    let app = app_without_audit_workers().await;
    let replayed = replayed_log(&app, 200).await;
    let (month, week) = birqadam_domain::standing::period_keys(app.clock.now());

    for (period, key) in [("all", ALL.to_owned()), ("month", month), ("week", week)] {
        let reply = app
            .get(
                &format!("/api/v1/leaderboard?period={period}&limit=100"),
                None,
            )
            .await;
        assert_eq!(reply.status, 200, "{:?}", reply.json);
        let served: Vec<(String, i64)> = reply.json["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| {
                (
                    item["account_id"].as_str().expect("an id").to_owned(),
                    item["rating"].as_i64().expect("points"),
                )
            })
            .collect();
        let ranking = replayed.ranking(&key);
        let replay: Vec<(String, i64)> = ranking
            .iter()
            .take(100)
            .map(|(account, standing)| (account.to_string(), i64::from(standing.points)))
            .collect();

        assert!(served.len() > 10, "{period}: {served:?}");
        assert_eq!(served, replay, "{period}");
        assert_eq!(reply.json["total"], ranking.len(), "{period}");
    }
}
