//! Applying to organize: pending applications, their listing and paging, and no second pending one.

use serde_json::{Value, json};

use super::{PENDING, apply, ids};
use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

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
