//! Closed periods: once an Almaty week has ended, its final ranking is committed to the log as
//! one `LeaderboardPeriodClosed`, however many closers run.

use std::time::Duration;

use serde_json::{Value, json};

use super::{approved_member, at};
use crate::helpers::TestApp;
use crate::helpers::fixtures::Session;
use crate::helpers::spawn_app;

/// Every `LeaderboardPeriodClosed` payload in the log, in log order.
pub(crate) async fn closings(app: &TestApp) -> Vec<Value> {
    sqlx::query_scalar(
        "select payload->'LeaderboardPeriodClosed' from events
          where aggregate_type = 'LeaderboardPeriod' order by global_position",
    )
    .fetch_all(&app.pool)
    .await
    .expect("the closing events")
}

/// Runs two closers at once until the period is closed (the audit tree may lag a moment).
pub(crate) async fn close_with_two_closers(app: &TestApp) {
    for _ in 0..100 {
        let (a, b) = tokio::join!(
            app.commands.close_ended_periods(),
            app.commands.close_ended_periods()
        );
        a.expect("the first closer");
        b.expect("the second closer");
        if !closings(app).await.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the period was never closed");
}

/// A week (Almaty 1–7 March 2027) in which two volunteers scored 5 and 3; returns their ids.
pub(crate) async fn scored_week(app: &TestApp) -> (String, String) {
    let (a, b) = scored_week_sessions(app).await;
    (a.id, b.id)
}

/// [`scored_week`], with the two volunteers' sessions.
async fn scored_week_sessions(app: &TestApp) -> (Session, Session) {
    // Sunday 7 March 2027, 17:00 in Almaty
    app.clock.set(at("2027-03-07T12:00:00Z"));
    let story = app.core_story().await;
    let reply = app
        .approve(&story.organizer.token, &story.report, &json!({"stars": 5}))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let b = approved_member(app, &story, "Дана", 3, 2).await;
    (story.volunteer.clone(), b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ended_week_is_closed_once_even_with_two_closers() {
    let app = spawn_app().await;
    let (a, b) = scored_week(&app).await;

    // 23:59 on Sunday, then 30 s after Almaty midnight (inside the grace): not closed
    for now in ["2027-03-07T18:59:00Z", "2027-03-07T19:00:30Z"] {
        app.clock.set(at(now));
        let closed = app.commands.close_ended_periods().await.expect("a close");
        assert_eq!(closed, 0, "at {now}");
    }
    assert_eq!(closings(&app).await, Vec::<Value>::new());

    app.clock.set(at("2027-03-07T19:05:00Z"));
    close_with_two_closers(&app).await;
    let again = app.commands.close_ended_periods().await.expect("a close");
    assert_eq!(again, 0, "already closed");

    let closings = closings(&app).await;
    assert_eq!(closings.len(), 1, "{closings:?}");
    let closing = &closings[0];
    assert_eq!(
        closing["period"],
        json!({"kind": "week", "start": "2027-03-01"})
    );
    assert_eq!(
        closing["top"],
        json!([{"account_id": a, "points": 5}, {"account_id": b, "points": 3}])
    );
    assert_eq!(
        closing["digest"].as_str().map(str::len),
        Some(64),
        "{closing}"
    );
    let size: i64 = sqlx::query_scalar("select count(*) from audit_leaves")
        .fetch_one(&app.pool)
        .await
        .expect("the tree size");
    let as_of = closing["as_of_position"].as_i64().expect("a position");
    assert!(as_of > 0 && as_of <= size, "{as_of} of {size}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_week_is_served_from_its_event_and_an_open_one_is_not_found() {
    let app = spawn_app().await;
    let (a, b) = scored_week_sessions(&app).await;
    let path = "/api/v1/leaderboard?period=week&at=2027-03-03";
    let open = app.get(path, Some(&b.token)).await;
    assert_eq!(open.status, 404, "{:?}", open.json);
    assert!(
        open.json["detail"]
            .as_str()
            .is_some_and(|d| d.contains("week:2027-W09")),
        "{:?}",
        open.json
    );

    app.clock.set(at("2027-03-07T19:05:00Z"));
    close_with_two_closers(&app).await;
    // a later change of the live view does not change the closed board
    sqlx::query("update leaderboard_view set points = 99 where period = 'week:2027-W09'")
        .execute(&app.pool)
        .await
        .expect("edited");

    for path in [
        path,
        "/api/v1/leaderboard?period=week&at=2027-03-07T18:30:00Z",
    ] {
        let closed = app.get(path, Some(&b.token)).await;
        assert_eq!(closed.status, 200, "{path}: {:?}", closed.json);
        let board = &closed.json;
        assert_eq!(board["period"], "week");
        assert_eq!(board["total"], 2);
        let items: Vec<_> = board["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| {
                (
                    i["rank"].clone(),
                    i["account_id"].clone(),
                    i["rating"].clone(),
                )
            })
            .collect();
        assert_eq!(
            items,
            vec![
                (json!(1), json!(a.id), json!(5)),
                (json!(2), json!(b.id), json!(3))
            ],
            "{board}"
        );
        assert_eq!(board["me"], json!({"rank": 2, "rating": 3}), "{board}");
        assert_eq!(board["closed"]["start"], "2027-02-28T19:00:00Z", "{board}");
    }
    let anonymous = app.get(path, None).await;
    assert_eq!(anonymous.json["me"], Value::Null);

    for bad in [
        "period=week&at=yesterday",
        "period=week&at=2027-02-30",
        "period=all&at=2027-03-03",
    ] {
        let reply = app.get(&format!("/api/v1/leaderboard?{bad}"), None).await;
        assert_eq!(reply.status, 422, "{bad}: {:?}", reply.json);
    }
}
