//! The core loop in Telegram, one scripted conversation through the real dispatcher.

use serde_json::json;

use super::support::{bot_events, link_by_code, register, says};
use crate::helpers::bot::{PATIENCE, button, spawn_bot};
use crate::helpers::core::jpeg;
use crate::helpers::telegram::updates::TgUser;

#[tokio::test(flavor = "multi_thread")]
async fn a_volunteer_registers_joins_accepts_reports_an_album_and_the_organizer_moderates_two_stars()
 {
    // Arrange: an approved organizer with an approved project, linked to Telegram
    let world = spawn_bot().await;
    let app = &world.app;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Organizer").await;
    let project = app
        .approved_project(&admin, &organizer, &json!({"title": "Clean the park"}))
        .await;
    let org = TgUser::new(6001, "Org");
    link_by_code(&world, &organizer, &org, 1).await;
    let volunteer = TgUser::new(6002, "Aigerim");

    // the volunteer registers by sharing their own contact
    world.send(volunteer.text(1, "/start"));
    world
        .reply_containing(volunteer.id, &says("start.welcome"))
        .await;
    let account = register(&world, &volunteer, "+77051112233", 2).await;

    // browses and joins
    world.send(volunteer.text(3, "/projects"));
    let list = world
        .reply_containing(volunteer.id, &says("projects.title"))
        .await;
    world.send(volunteer.callback("c1", 10, &button(&list, "Clean the park")));
    let card = world
        .reply_containing(volunteer.id, "<b>Clean the park</b>")
        .await;
    world.send(volunteer.callback("c2", 11, &button(&card, &says("btn.join"))));
    world.reply_containing(volunteer.id, &says("joined")).await;

    // accepts a task
    let task = app
        .create_task(&organizer, &project, "Pick up the litter")
        .await;
    world.send(volunteer.text(4, "/tasks"));
    let offer = world
        .reply_containing(volunteer.id, "Pick up the litter")
        .await;
    world.send(volunteer.callback("c3", 12, &button(&offer, &says("btn.accept"))));
    world
        .reply_containing(volunteer.id, &says("task.accepted"))
        .await;

    // sends 3 photos as an album, the caption on the middle one
    for (seed, file) in ["a1", "a2", "a3"].iter().enumerate() {
        world.fake.add_file(file, jpeg(64, 48, seed as u8));
    }
    world.send(volunteer.photo(5, "a1", Some("album-1"), None));
    world.send(volunteer.photo(6, "a2", Some("album-1"), Some("Three bags collected")));
    world.send(volunteer.photo(7, "a3", Some("album-1"), None));
    let draft = world.reply_containing(volunteer.id, "(3/5)").await;
    world.send(volunteer.callback("c4", 13, &button(&draft, "(3/5)")));
    world
        .reply_containing(volunteer.id, &says("report.sent"))
        .await;
    assert_eq!(world.fake.calls_of("getfile").len(), 3);

    // Act: the organizer opens the queue, taps ★2, is asked for the comment and sends it
    world.send(org.text(2, "/queue"));
    let queued = world.reply_containing(org.id, "Three bags collected").await;
    assert!(
        world
            .fake
            .calls_of("sendmediagroup")
            .iter()
            .any(|c| c.chat_id() == Some(org.id))
    );
    world.send(org.callback("c5", 20, &button(&queued, "★2")));
    world
        .reply_containing(org.id, &says("moderation.comment"))
        .await;
    world.send(org.text(3, "Well done, sort the plastic next time"));
    world
        .reply_containing(org.id, &says("moderation.approved"))
        .await;

    // Assert: one approval through the bot by the organizer, one credit; the rating rose by 2
    assert_eq!(app.count_events("ReportApproved").await, 1);
    assert_eq!(bot_events(&world, "ReportApproved").await, 1);
    let approved_by: String = sqlx::query_scalar(
        "select metadata->>'actor_id' from events where event_type = 'ReportApproved'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("the approval");
    assert_eq!(approved_by, organizer.id);
    assert_eq!(bot_events(&world, "AccountRegistered").await, 1);
    assert_eq!(bot_events(&world, "VolunteerJoined").await, 1);
    assert_eq!(bot_events(&world, "TaskAccepted").await, 1);
    assert_eq!(bot_events(&world, "ReportSubmitted").await, 1);
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let rating: i32 = sqlx::query_scalar("select rating from accounts_view where id = $1")
            .bind(account)
            .fetch_one(&app.pool)
            .await
            .expect("the volunteer's row");
        if rating == 2 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "rating stayed {rating}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let report: (String, Option<i32>, Option<String>, String) = sqlx::query_as(
        "select status, stars, moderator_comment, coalesce(comment, '') from reports_view where task_id = $1::uuid",
    )
    .bind(&task)
    .fetch_one(&app.pool)
    .await
    .expect("the report row");
    assert_eq!(
        report,
        (
            "approved".to_owned(),
            Some(2),
            Some("Well done, sort the plastic next time".to_owned()),
            "Three bags collected".to_owned()
        )
    );
    // one credit, channel bot: the approving command's or, had it lost the race, the rating
    // creditor's (which credits through the door the approval came in) — never both
    assert_eq!(app.count_events("RatingCredited").await, 1);
    assert_eq!(bot_events(&world, "RatingCredited").await, 1);
    // every press was answered
    for id in ["c1", "c2", "c3", "c4", "c5"] {
        world.answered(id).await;
    }
}
