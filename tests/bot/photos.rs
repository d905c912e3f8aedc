//! Report drafts: an album of 6 keeps 5 and refuses the 6th; a document that is not an image is
//! refused with a clear message and nothing is appended.

use serde_json::json;

use super::support::{link_by_code, says};
use crate::helpers::bot::{BotWorld, PATIENCE, button, spawn_bot};
use crate::helpers::core::jpeg;
use crate::helpers::telegram::updates::TgUser;

/// A volunteer (linked to `user`) who accepted a task through the bot.
async fn accepted(world: &BotWorld, user: &TgUser) -> String {
    let app = &world.app;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Organizer").await;
    let project = app.approved_project(&admin, &organizer, &json!({})).await;
    let volunteer = app.volunteer("Volunteer").await;
    app.join(&volunteer, &project).await;
    let task = app
        .create_task(&organizer, &project, "Plant the trees")
        .await;
    link_by_code(world, &volunteer, user, 1).await;
    world.send(user.text(2, "/tasks"));
    let offer = world.reply_containing(user.id, "Plant the trees").await;
    world.send(user.callback("p1", 3, &button(&offer, &says("btn.accept"))));
    world
        .reply_containing(user.id, &says("task.accepted"))
        .await;
    task
}

#[tokio::test(flavor = "multi_thread")]
async fn an_album_of_six_photos_keeps_five_and_refuses_the_sixth() {
    let world = spawn_bot().await;
    let user = TgUser::new(9101, "Album");
    let task = accepted(&world, &user).await;
    for i in 0..6u8 {
        world.fake.add_file(&format!("six{i}"), jpeg(64, 48, i));
        world.send(user.photo(10 + i64::from(i), &format!("six{i}"), Some("album-6"), None));
    }
    world
        .reply_containing(user.id, &says("report.too_many"))
        .await;
    let draft = world.reply_containing(user.id, "(5/5)").await;
    world.send(user.callback("p2", 20, &button(&draft, "(5/5)")));
    world.reply_containing(user.id, &says("report.sent")).await;
    let photos: i64 = sqlx::query_scalar(
        "select jsonb_array_length(photos)::bigint from reports_view where task_id = $1::uuid",
    )
    .bind(&task)
    .fetch_one(&world.app.pool)
    .await
    .expect("the report");
    assert_eq!(photos, 5);
    let refused = world
        .sent_to(user.id)
        .iter()
        .filter(|c| c.text().contains(&says("report.too_many")))
        .count();
    assert_eq!(refused, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_document_that_is_not_an_image_is_refused_and_nothing_is_appended() {
    let world = spawn_bot().await;
    let user = TgUser::new(9102, "Docs");
    accepted(&world, &user).await;
    let before = world.app.total_events().await;
    world.send(user.document(10, "doc1", "report.pdf", "application/pdf"));
    world
        .reply_containing(user.id, &says("report.not_image"))
        .await;
    // the draft is still empty: Send asks for a photo
    world.send(user.text(11, "/cancel"));
    world.reply_containing(user.id, &says("cancelled")).await;
    assert_eq!(world.app.total_events().await, before);
    let _ = PATIENCE;
}
