//! The rules for joining a project.

use serde_json::json;

use super::contains;
use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_follows_the_rules() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let volunteer = app.volunteer("Ержан").await;
    let second = app.volunteer("Дана").await;
    let join = |p: &str| format!("/api/v1/projects/{p}/join");
    let leave = |p: &str| format!("/api/v1/projects/{p}/leave");

    let pending = app.create_project(&organizer, &json!({})).await;
    assert_eq!(pending.status, 201, "{:?}", pending.json);
    assert_eq!(pending.json["status"], "pending");
    let pending = pending.json["id"].as_str().expect("id").to_owned();
    let reply = app
        .post(&join(&pending), &json!({}), Some(&volunteer.token))
        .await;
    assert_problem(&reply, 404, "not_found");
    let reply = app
        .get(
            &format!("/api/v1/projects/{pending}"),
            Some(&volunteer.token),
        )
        .await;
    assert_problem(&reply, 404, "not_found");

    let project = app
        .approved_project(&admin, &organizer, &json!({"capacity": 1}))
        .await;
    let reply = app
        .post(&join(&project), &json!({}), Some(&volunteer.token))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["joined"], true);
    assert_eq!(reply.json["members_count"], 1);
    let reply = app
        .post(&join(&project), &json!({}), Some(&volunteer.token))
        .await;
    assert_problem(&reply, 409, "project.already_member");
    let reply = app
        .post(&join(&project), &json!({}), Some(&second.token))
        .await;
    assert_problem(&reply, 409, "project.full");

    let reply = app
        .post(&leave(&project), &json!({}), Some(&volunteer.token))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["joined"], false);
    assert_eq!(reply.json["members_count"], 0);
    let reply = app
        .post(&join(&project), &json!({}), Some(&second.token))
        .await;
    assert_eq!(reply.status, 200, "the freed place: {:?}", reply.json);
    let reply = app
        .post(&leave(&project), &json!({}), Some(&second.token))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let reply = app
        .post(&join(&project), &json!({}), Some(&volunteer.token))
        .await;
    assert_eq!(reply.status, 200, "re-joining: {:?}", reply.json);
    assert_eq!(reply.json["joined"], true);

    let members = app
        .get(
            &format!("/api/v1/projects/{project}/members"),
            Some(&organizer.token),
        )
        .await;
    assert_eq!(members.status, 200, "{:?}", members.json);
    let items = members.json["items"].as_array().expect("members");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["name"], "Ержан");
    assert_eq!(items[0]["account_id"], volunteer.id.as_str());
    assert!(items[0].get("email").is_none() && items[0].get("phone").is_none());
    assert!(!contains(&members.bytes, "@test.kz"), "no e-mails");
    let reply = app
        .get(
            &format!("/api/v1/projects/{project}/members"),
            Some(&volunteer.token),
        )
        .await;
    assert!(
        matches!(reply.status.as_u16(), 403 | 404),
        "members are for the owner: {:?}",
        reply.json
    );
}
