//! Leaderboards by Almaty calendar periods, ranks and ties, achievements, rating history, activity.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::helpers::core::Story;
use crate::helpers::fixtures::Session;

mod achievements;
pub(crate) mod closed;
mod me;
mod ties;
mod turnover;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("an RFC 3339 instant")
}

async fn board(app: &TestApp, period: &str, who: &Session) -> Value {
    let reply = app
        .get(
            &format!("/api/v1/leaderboard?period={period}"),
            Some(&who.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["period"], period);
    reply.json
}

/// `(account_id, rating, rank)` of a board's items.
fn rows(board: &Value) -> Vec<(String, i64, i64)> {
    board["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["account_id"].as_str().expect("account id").to_owned(),
                i["rating"].as_i64().expect("rating"),
                i["rank"].as_i64().expect("rank"),
            )
        })
        .collect()
}

/// A new member of the story's project with an approved report of `stars`.
async fn approved_member(app: &TestApp, story: &Story, name: &str, stars: u8, seed: u8) -> Session {
    let member = app.volunteer(name).await;
    app.join(&member, &story.project).await;
    let (_, report) = app
        .task_and_report(&story.organizer, &member, &story.project, seed)
        .await;
    let reply = app
        .approve(
            &story.organizer.token,
            &report,
            &json!({"stars": stars, "comment": "Спасибо"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    member
}
