//! Organizer onboarding: applications, their moderation by admins, role grants, and the
//! idempotent operator command that creates the first admin.

use birqadam_domain::values::{Email, Password, PersonName};
use serde_json::{Value, json};

use crate::helpers::app::Reply;
use crate::helpers::fixtures::Session;
use crate::helpers::requests::{assert_field_error, assert_problem};
use crate::helpers::{TestApp, spawn_app};

const PENDING: &str = "/api/v1/admin/organizer-applications?status=pending";

fn application(organization: &str) -> Value {
    json!({
        "organization_name": organization,
        "description": "Clean-ups along the Esentai river",
        "city": "Almaty",
        "website": "https://taza.kz",
        "contact_person": "Айгерим",
    })
}

async fn apply(app: &TestApp, who: &Session, organization: &str) -> Reply {
    app.post(
        "/api/v1/organizer-application",
        &application(organization),
        Some(&who.token),
    )
    .await
}

async fn decide(app: &TestApp, admin: &Session, id: &str, decision: &str, body: &Value) -> Reply {
    let path = format!("/api/v1/admin/organizer-applications/{id}/{decision}");
    app.post(&path, body, Some(&admin.token)).await
}

fn ids(page: &Reply) -> Vec<String> {
    page.json["items"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|i| i["account_id"].as_str().expect("account_id").to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_is_pending_and_listed_for_admins_with_its_fields() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = app.volunteer("Айгерим").await;

    // Act
    let applied = apply(&app, &me, "Таза Алматы").await;
    let list = app.get(PENDING, Some(&admin.token)).await;
    let account = app.get("/api/v1/me", Some(&me.token)).await;

    // Assert
    assert_eq!(applied.status, 202, "{:?}", applied.json);
    assert_eq!(applied.json, json!({"status": "pending"}));
    assert_eq!(list.status, 200, "{:?}", list.json);
    let item = &list.json["items"][0];
    assert_eq!(item["account_id"], json!(me.id));
    assert_eq!(item["name"], json!("Айгерим"));
    assert_eq!(item["organization_name"], json!("Таза Алматы"));
    assert_eq!(
        item["description"],
        json!("Clean-ups along the Esentai river")
    );
    assert_eq!(item["city"], json!("Almaty"));
    assert_eq!(item["website"], json!("https://taza.kz"));
    assert_eq!(item["status"], json!("pending"));
    assert!(item["submitted_at"].as_str().is_some(), "{item}");
    assert_eq!(list.json["next_cursor"], Value::Null);
    assert_eq!(account.json["organizer_status"], json!("pending"));
    assert_eq!(account.json["roles"], json!(["volunteer"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pending_applications_are_listed_oldest_first_and_paged() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut applicants = Vec::new();
    for name in ["First", "Second", "Third"] {
        let who = app.volunteer(name).await;
        let reply = apply(&app, &who, name).await;
        assert_eq!(reply.status, 202, "{:?}", reply.json);
        applicants.push(who.id);
    }

    // Act
    let mut seen = Vec::new();
    let mut path = format!("{PENDING}&limit=1");
    let mut pages = 0;
    loop {
        let page = app.get(&path, Some(&admin.token)).await;
        assert_eq!(page.status, 200, "{:?}", page.json);
        let items = ids(&page);
        assert!(items.len() <= 1, "limit=1 is honoured: {items:?}");
        seen.extend(items);
        pages += 1;
        assert!(pages <= 4, "paging terminates");
        match page.json["next_cursor"].as_str() {
            Some(cursor) => path = format!("{PENDING}&limit=1&cursor={cursor}"),
            None => break,
        }
    }
    let whole = app.get(PENDING, Some(&admin.token)).await;

    // Assert
    assert_eq!(seen, applicants, "every applicant once, oldest first");
    assert_eq!(ids(&whole), applicants);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_applicant_becomes_an_organizer() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = app.volunteer("Айгерим").await;
    assert_eq!(apply(&app, &me, "Таза Алматы").await.status, 202);

    // Act
    let approved = decide(&app, &admin, &me.id, "approve", &json!({})).await;

    // Assert
    assert_eq!(approved.status, 200, "{:?}", approved.json);
    assert_eq!(approved.json["id"], json!(me.id));
    assert_eq!(approved.json["organizer_status"], json!("approved"));
    let roles = approved.json["roles"].as_array().expect("roles");
    assert!(roles.contains(&json!("organizer")), "{roles:?}");
    assert!(roles.contains(&json!("volunteer")), "{roles:?}");
    let own = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(own.json["organizer_status"], json!("approved"));
    let pending = app.get(PENDING, Some(&admin.token)).await;
    assert!(ids(&pending).is_empty(), "no longer pending");
    let approved_list = app
        .get(
            "/api/v1/admin/organizer-applications?status=approved",
            Some(&admin.token),
        )
        .await;
    assert_eq!(ids(&approved_list), vec![me.id.clone()]);
    assert_eq!(app.count_events("OrganizerApproved").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_applicant_may_apply_again() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = app.volunteer("Айгерим").await;
    assert_eq!(apply(&app, &me, "Таза Алматы").await.status, 202);

    // Act
    let rejected = decide(
        &app,
        &admin,
        &me.id,
        "reject",
        &json!({"reason": "Please add a website"}),
    )
    .await;
    let rejected_list = app
        .get(
            "/api/v1/admin/organizer-applications?status=rejected",
            Some(&admin.token),
        )
        .await;
    let again = apply(&app, &me, "Таза Алматы 2").await;

    // Assert
    assert_eq!(rejected.status, 200, "{:?}", rejected.json);
    assert_eq!(rejected.json["organizer_status"], json!("rejected"));
    assert!(
        !rejected.json["roles"]
            .as_array()
            .expect("roles")
            .contains(&json!("organizer"))
    );
    assert_eq!(
        rejected_list.json["items"][0]["rejection_reason"],
        json!("Please add a website")
    );
    assert_eq!(again.status, 202, "{:?}", again.json);
    let own = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(own.json["organizer_status"], json!("pending"));
    let pending = app.get(PENDING, Some(&admin.token)).await;
    assert_eq!(ids(&pending), vec![me.id.clone()]);
    assert_eq!(
        pending.json["items"][0]["organization_name"],
        json!("Таза Алматы 2")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejection_needs_a_reason() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = app.volunteer("Айгерим").await;
    assert_eq!(apply(&app, &me, "Таза Алматы").await.status, 202);
    let before = app.total_events().await;

    // Act
    let reply = decide(&app, &admin, &me.id, "reject", &json!({"reason": "  "})).await;

    // Assert
    assert_field_error(&reply, "reason", "required");
    assert_eq!(app.total_events().await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applying_twice_while_pending_is_409() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    assert_eq!(apply(&app, &me, "Таза Алматы").await.status, 202);

    // Act
    let again = apply(&app, &me, "Таза Алматы").await;

    // Assert
    assert_problem(&again, 409, "organizer.application_pending");
    assert_eq!(app.count_events("OrganizerApplicationSubmitted").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_calling_admin_endpoints_is_403() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let other = app.volunteer("Ерлан").await;
    assert_eq!(apply(&app, &other, "Таза Алматы").await.status, 202);
    let before = app.total_events().await;

    // Act
    let list = app.get(PENDING, Some(&me.token)).await;
    let approve = decide(&app, &me, &other.id, "approve", &json!({})).await;
    let reject = decide(&app, &me, &other.id, "reject", &json!({"reason": "no"})).await;
    let grant = app
        .post(
            &format!("/api/v1/admin/accounts/{}/roles", me.id),
            &json!({"add": ["admin"]}),
            Some(&me.token),
        )
        .await;

    // Assert
    for reply in [&list, &approve, &reject, &grant] {
        assert_problem(reply, 403, "forbidden");
    }
    assert_eq!(app.total_events().await, before, "nothing appended");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approving_an_unknown_account_is_404() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let nobody = uuid::Uuid::new_v4().to_string();

    // Act
    let unknown = decide(&app, &admin, &nobody, "approve", &json!({})).await;
    let not_a_uuid = decide(&app, &admin, "not-a-uuid", "approve", &json!({})).await;

    // Assert
    assert_problem(&unknown, 404, "not_found");
    assert_problem(&not_a_uuid, 404, "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approving_without_a_pending_application_is_409() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = app.volunteer("Айгерим").await;

    // Act
    let reply = decide(&app, &admin, &me.id, "approve", &json!({})).await;

    // Assert
    assert_problem(&reply, 409, "organizer.no_pending_application");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_grants_the_auditor_role() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = app.volunteer("Айгерим").await;

    // Act
    let granted = app
        .post(
            &format!("/api/v1/admin/accounts/{}/roles", me.id),
            &json!({"add": ["auditor"]}),
            Some(&admin.token),
        )
        .await;
    let unknown_role = app
        .post(
            &format!("/api/v1/admin/accounts/{}/roles", me.id),
            &json!({"add": ["superuser"]}),
            Some(&admin.token),
        )
        .await;

    // Assert
    assert_eq!(granted.status, 200, "{:?}", granted.json);
    let roles = granted.json["roles"].as_array().expect("roles");
    assert!(roles.contains(&json!("auditor")), "{roles:?}");
    let own = app.get("/api/v1/me", Some(&me.token)).await;
    assert!(
        own.json["roles"]
            .as_array()
            .expect("roles")
            .contains(&json!("auditor"))
    );
    assert_field_error(&unknown_role, "add", "invalid");
    assert_eq!(app.count_events("RoleGranted").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_the_same_admin_twice_keeps_one_account() {
    // Arrange
    let app = spawn_app().await;
    let create = || {
        app.commands.ensure_admin(
            Email::parse("Root@BirQadam.kz").expect("e-mail"),
            Password::parse("password123").expect("password"),
            PersonName::parse("Root").expect("name"),
        )
    };

    // Act
    let (first, created_first) = create().await.expect("the first call works");
    let (second, created_second) = create().await.expect("the second call works");

    // Assert
    assert_eq!(first, second, "one account");
    assert!(created_first);
    assert!(!created_second);
    assert_eq!(app.count_events("AccountRegistered").await, 1);
    let admin = app.login("root@birqadam.kz", "password123").await;
    assert!(
        admin.account["roles"]
            .as_array()
            .expect("roles")
            .contains(&json!("admin")),
        "{:?}",
        admin.account
    );
    let list = app.get(PENDING, Some(&admin.token)).await;
    assert_eq!(list.status, 200, "the admin may use admin endpoints");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ensure_admin_promotes_an_existing_volunteer() {
    // Arrange
    let app = spawn_app().await;
    let reply = app
        .register(&crate::helpers::requests::registration(
            "Айгерим",
            "aigerim@test.kz",
            None,
        ))
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);

    // Act
    let (id, created) = app
        .commands
        .ensure_admin(
            Email::parse("aigerim@test.kz").expect("e-mail"),
            Password::parse("another-password").expect("password"),
            PersonName::parse("Admin").expect("name"),
        )
        .await
        .expect("promotion works");

    // Assert
    assert!(!created);
    assert_eq!(json!(id.to_string()), reply.json["account"]["id"]);
    assert_eq!(app.count_events("AccountRegistered").await, 1);
    let session = app.login("aigerim@test.kz", "password123").await;
    assert!(
        session.account["roles"]
            .as_array()
            .expect("roles")
            .contains(&json!("admin"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_organizer_cannot_apply_again() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;

    // Act
    let again = apply(&app, &organizer, "Таза Алматы").await;
    let approve_again = decide(&app, &admin, &organizer.id, "approve", &json!({})).await;

    // Assert
    assert_problem(&again, 409, "organizer.already_approved");
    assert_problem(&approve_again, 409, "organizer.no_pending_application");
    assert_eq!(app.count_events("OrganizerApproved").await, 1);
}
