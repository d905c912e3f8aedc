//! A restart in the middle of a dialogue continues it (the state is in PostgreSQL).

use super::support::{link_by_code, says};
use crate::helpers::bot::{button, spawn_bot};
use crate::helpers::telegram::updates::TgUser;

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_in_the_middle_of_the_project_dialogue_continues_it() {
    let mut world = spawn_bot().await;
    let admin = world.app.admin().await;
    let organizer = world.app.organizer(&admin, "Organizer").await;
    let org = TgUser::new(8001, "Org");
    link_by_code(&world, &organizer, &org, 1).await;
    world.send(org.text(2, "/newproject"));
    world
        .reply_containing(org.id, &says("project.ask.title"))
        .await;
    world.send(org.text(3, "Tree planting"));
    let asked = world
        .reply_containing(org.id, &says("project.ask.description"))
        .await;

    // the process stops and a new one starts on the same database
    world.restart().await;

    // a button of a message from before the restart still works (Back → the title again)
    world.send(org.callback("r1", 3, &button(&asked, &says("btn.back"))));
    world.answered("r1").await;
    world
        .fake
        .wait_for(crate::helpers::bot::PATIENCE, |calls| {
            calls
                .iter()
                .filter(|c| {
                    c.chat_id() == Some(org.id) && c.text().contains(&says("project.ask.title"))
                })
                .count()
                == 2
        })
        .await;
    world.send(org.text(4, "Tree planting in Almaty"));
    world
        .reply_containing(org.id, &says("project.ask.description"))
        .await;
    world.send(org.text(5, "We plant 100 trees"));
    let kinds = world
        .reply_containing(org.id, &says("project.ask.type"))
        .await;
    world.send(org.callback("r2", 5, &button(&kinds, &says("type.environmental"))));
    world
        .reply_containing(org.id, &says("project.ask.city"))
        .await;
    world.restart().await;
    world.send(org.text(6, "Almaty"));
    let summary = world
        .reply_containing(org.id, "Tree planting in Almaty")
        .await;
    world.send(org.callback("r3", 6, &button(&summary, &says("btn.confirm"))));
    world
        .reply_containing(org.id, &says("project.created"))
        .await;

    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "select title, description, volunteer_type, city from projects_view where owner_id = $1::uuid",
    )
    .bind(&organizer.id)
    .fetch_all(&world.app.pool)
    .await
    .expect("the organizer's projects");
    assert_eq!(
        rows,
        vec![(
            "Tree planting in Almaty".to_owned(),
            "We plant 100 trees".to_owned(),
            "environmental".to_owned(),
            "Almaty".to_owned()
        )]
    );
    let meta: serde_json::Value =
        sqlx::query_scalar("select metadata from events where event_type = 'ProjectCreated'")
            .fetch_one(&world.app.pool)
            .await
            .expect("the creation event");
    assert_eq!(meta["channel"], "bot");
    assert_eq!(meta["actor_id"], organizer.id);
}
