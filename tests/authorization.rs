//! Who may see and do what in the core loop: moderation by owners and admins only, membership
//! rules, organizer-only project creation, and no member contact data in volunteer-visible bodies.

use serde_json::json;

use crate::helpers::fixtures::Session;
use crate::helpers::requests::{assert_field_error, assert_problem, field_errors, registration};
use crate::helpers::{TestApp, spawn_app};

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A volunteer registered with an e-mail and a phone; returns the session and both.
async fn volunteer_with_contacts(app: &TestApp, name: &str, phone: &str) -> (Session, String) {
    let email = format!("{}@contacts.kz", uuid::Uuid::new_v4().simple());
    let reply = app.register(&registration(name, &email, Some(phone))).await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let session = app.login(&email, "password123").await;
    (session, email)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_owner_or_an_admin_moderates_a_report() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let other = app.organizer(&story.admin, "Чужой организатор").await;
    let report = format!("/api/v1/reports/{}", story.report);

    let reply = app.get(&report, Some(&other.token)).await;
    assert_problem(&reply, 404, "not_found");
    let queue = app
        .get("/api/v1/moderation/reports", Some(&other.token))
        .await;
    assert_eq!(queue.status, 200);
    assert_eq!(queue.json["items"], json!([]), "not in another's queue");
    for reply in [
        app.approve(&other.token, &story.report, &json!({"stars": 5}))
            .await,
        app.reject(&other.token, &story.report, "не нравится").await,
    ] {
        assert!(
            matches!(reply.status.as_u16(), 403 | 404),
            "another organizer: {:?}",
            reply.json
        );
    }

    let outsider = app.volunteer("Посторонний").await;
    for who in [&story.volunteer, &outsider] {
        let reply = app
            .get("/api/v1/moderation/reports", Some(&who.token))
            .await;
        assert_problem(&reply, 403, "forbidden");
        let reply = app
            .approve(&who.token, &story.report, &json!({"stars": 5}))
            .await;
        assert!(
            matches!(reply.status.as_u16(), 403 | 404),
            "a volunteer approving: {:?}",
            reply.json
        );
        let reply = app.reject(&who.token, &story.report, "нет").await;
        assert!(
            matches!(reply.status.as_u16(), 403 | 404),
            "{:?}",
            reply.json
        );
    }
    let reply = app.get(&report, Some(&outsider.token)).await;
    assert_problem(&reply, 404, "not_found");
    assert_eq!(app.count_events("ReportApproved").await, 0);
    assert_eq!(app.count_events("ReportRejected").await, 0);

    let queue = app
        .get("/api/v1/moderation/reports", Some(&story.organizer.token))
        .await;
    assert_eq!(queue.json["items"][0]["id"], story.report.as_str());
    let reply = app
        .approve(&story.admin.token, &story.report, &json!({"stars": 5}))
        .await;
    assert_eq!(reply.status, 200, "an admin moderates: {:?}", reply.json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_members_and_approved_organizers_act() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app.approved_project(&admin, &organizer, &json!({})).await;
    let task = app
        .create_task(&organizer, &project, "Посадить деревья")
        .await;
    let outsider = app.volunteer("Не участник").await;

    let reply = app.accept(&outsider, &task).await;
    assert_problem(&reply, 403, "forbidden");

    let reply = app
        .post(
            &format!("/api/v1/admin/projects/{project}/approve"),
            &json!({}),
            Some(&outsider.token),
        )
        .await;
    assert_problem(&reply, 403, "forbidden");

    let events = app.total_events().await;
    let reply = app.create_project(&outsider, &json!({})).await;
    assert_problem(&reply, 403, "organizer.not_approved");
    assert_eq!(app.total_events().await, events);

    let reply = app
        .create_task_with(&outsider, &project, &json!({"text": "чужая задача"}))
        .await;
    assert!(
        matches!(reply.status.as_u16(), 403 | 404),
        "{:?}",
        reply.json
    );
    let reply = app
        .get(
            &format!("/api/v1/projects/{project}/tasks"),
            Some(&outsider.token),
        )
        .await;
    assert!(
        matches!(reply.status.as_u16(), 403 | 404),
        "{:?}",
        reply.json
    );
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn member_contacts_never_reach_other_volunteers() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app.approved_project(&admin, &organizer, &json!({})).await;
    let (member, member_email) = volunteer_with_contacts(&app, "Меруерт", "+7 701 555 12 34").await;
    let (reader, _) = volunteer_with_contacts(&app, "Читатель", "87015559876").await;
    app.join(&member, &project).await;
    app.join(&reader, &project).await;
    let (_, report) = app.task_and_report(&organizer, &member, &project, 3).await;
    let reply = app
        .approve(&organizer.token, &report, &json!({"stars": 5}))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let reply = app.get("/api/v1/me", Some(&member.token)).await;
    assert!(
        contains(&reply.bytes, &member_email),
        "sanity: /me has the e-mail"
    );

    let paths = [
        format!("/api/v1/projects/{project}"),
        "/api/v1/projects".to_owned(),
        format!("/api/v1/projects/{project}/tasks"),
        "/api/v1/me/tasks".to_owned(),
        "/api/v1/me/reports".to_owned(),
        format!("/api/v1/reports/{report}"),
        "/api/v1/leaderboard?period=all".to_owned(),
        "/api/v1/leaderboard?period=month".to_owned(),
        "/api/v1/leaderboard?period=week".to_owned(),
        "/api/v1/achievements".to_owned(),
    ];
    for path in &paths {
        let reply = app.get(path, Some(&reader.token)).await;
        assert!(reply.status.as_u16() < 500, "{path}: {:?}", reply.json);
        for secret in [
            member_email.as_str(),
            "7015551234",
            "555 12 34",
            "555-12-34",
        ] {
            assert!(
                !contains(&reply.bytes, secret),
                "{path} leaks {secret}: {}",
                String::from_utf8_lossy(&reply.bytes)
            );
        }
    }
    let board = app
        .get("/api/v1/leaderboard?period=all", Some(&reader.token))
        .await;
    assert!(
        contains(&board.bytes, "Меруерт"),
        "the member is on the board by name: {:?}",
        board.json
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_project_input_is_refused_field_by_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let events = app.total_events().await;

    let cases = [
        (
            json!({"start_date": "2026-12-10", "end_date": "2026-12-01"}),
            "end_date",
        ),
        (json!({"latitude": 100.0, "longitude": 76.9}), "latitude"),
        (json!({"volunteer_type": "sports"}), "volunteer_type"),
        (json!({"title": "Ж".repeat(10_000)}), "title"),
    ];
    for (extra, field) in cases {
        let reply = app.create_project(&organizer, &extra).await;

        assert_problem(&reply, 422, "validation.failed");
        let errors = field_errors(&reply);
        assert!(
            errors.iter().any(|(f, _)| f == field),
            "{field} among {errors:?}"
        );
        assert_eq!(app.total_events().await, events, "{field}: no event");
    }
    let reply = app
        .create_project(&organizer, &json!({"title": "Ж".repeat(10_000)}))
        .await;
    assert_field_error(&reply, "title", "too_long");
}
