//! The bot's other commands, each through the real dispatcher: a volunteer's `/rating`, `/top`,
//! `/reports`, `/language` and `/apply`; an organizer's `/newtask` and `/members`; a chat the
//! notifier marked unreachable is reachable again once its person writes; the chat's menu
//! follows the organizer role.

use std::time::{Duration, Instant};

use birqadam_commands::CommandContext;
use serde_json::json;
use uuid::Uuid;

use super::support::{bot_events, link_by_code, register, says};
use crate::helpers::bot::{BotWorld, PATIENCE, button, spawn_bot};
use crate::helpers::telegram::updates::TgUser;

/// Waits until `query` (one boolean) holds.
async fn until(world: &BotWorld, query: &str, bind: Uuid) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let holds: Option<bool> = sqlx::query_scalar(query)
            .bind(bind)
            .fetch_optional(&world.app.pool)
            .await
            .expect("the check runs");
        if holds == Some(true) {
            return;
        }
        assert!(Instant::now() < deadline, "never held: {query}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_volunteer_reads_rating_top_and_reports_then_switches_the_bot_to_english() {
    // Arrange: an app volunteer with one report approved with 4 stars, linked to Telegram
    let world = spawn_bot().await;
    let app = &world.app;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Organizer").await;
    let project = app
        .approved_project(&admin, &organizer, &json!({"title": "Clean the park"}))
        .await;
    let volunteer = app.volunteer("Aigerim").await;
    app.join(&volunteer, &project).await;
    let (_, report) = app
        .task_and_report(&organizer, &volunteer, &project, 1)
        .await;
    let reply = app
        .approve(&organizer.token, &report, &json!({"stars": 4}))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let user = TgUser::new(6101, "Aigerim");
    link_by_code(&world, &volunteer, &user, 1).await;

    // Act + Assert: the rating with its rank and achievements
    world.send(user.text(2, "/rating"));
    let rating = world.reply_containing(user.id, "⭐ Рейтинг: 4").await;
    assert!(rating.text().contains("🏆 Место: 1"), "{}", rating.text());
    assert!(rating.text().contains(&says("rating.achievements")));
    assert!(rating.text().contains("Первый отчёт"), "{}", rating.text());

    // the top 10 names her
    world.send(user.text(3, "/top"));
    let top = world.reply_containing(user.id, &says("top.title")).await;
    assert!(top.text().contains("Aigerim"), "{}", top.text());

    // her reports: approved, with the stars
    world.send(user.text(4, "/reports"));
    let reports = world
        .reply_containing(user.id, &says("reports.title"))
        .await;
    assert!(
        reports.text().contains(&says("report.status.approved")) && reports.text().contains('4'),
        "{}",
        reports.text()
    );

    // English: stored on the account, and the next answer is in English
    world.send(user.text(5, "/language"));
    let menu = world
        .reply_containing(user.id, &says("language.choose"))
        .await;
    world.send(user.callback("l1", 20, &button(&menu, "English")));
    world.reply_containing(user.id, "Language: English.").await;
    world.answered("l1").await;
    world.send(user.text(6, "/rating"));
    world.reply_containing(user.id, "⭐ Rating: 4").await;
    let account = Uuid::parse_str(&volunteer.id).expect("an account id");
    until(
        &world,
        "select language = 'en' from accounts_view where id = $1",
        account,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_organizer_offers_a_task_to_all_members_and_lists_the_members() {
    // Arrange: an organizer linked to Telegram; two members joined through the app
    let world = spawn_bot().await;
    let app = &world.app;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Organizer").await;
    let project = app
        .approved_project(&admin, &organizer, &json!({"title": "Riverbank"}))
        .await;
    for name in ["Dana", "Erzhan"] {
        let member = app.volunteer(name).await;
        app.join(&member, &project).await;
    }
    let org = TgUser::new(6201, "Org");
    link_by_code(&world, &organizer, &org, 1).await;

    // Act: /newtask → the project → all members → the text → no deadline
    world.send(org.text(2, "/newtask"));
    let pick = world
        .reply_containing(org.id, &says("task.pick_project"))
        .await;
    world.send(org.callback("n1", 30, &button(&pick, "Riverbank")));
    let whom = world
        .reply_containing(org.id, &says("task.recipients"))
        .await;
    world.send(org.callback("n2", 31, &button(&whom, &says("btn.all_members"))));
    world.reply_containing(org.id, &says("task.ask.text")).await;
    world.send(org.text(3, "Collect the plastic by the bridge"));
    let when = world
        .reply_containing(org.id, &says("task.ask.deadline"))
        .await;
    world.send(org.callback("n3", 32, &button(&when, &says("btn.no_deadline"))));
    world.reply_containing(org.id, &says("task.created")).await;

    // Assert: one task through the bot, offered to both members
    assert_eq!(bot_events(&world, "TaskCreated").await, 1);
    let project_id = Uuid::parse_str(&project).expect("a project id");
    until(
        &world,
        "select count(*) = 1 from tasks_view
          where project_id = $1 and text = 'Collect the plastic by the bridge'",
        project_id,
    )
    .await;
    assert_eq!(app.count_events("TaskOffered").await, 2);
    for id in ["n1", "n2", "n3"] {
        world.answered(id).await;
    }

    // and /members lists both, with their ratings (its project menu is the second one)
    world.send(org.text(4, "/members"));
    let picks = world
        .fake
        .wait_for(PATIENCE, |calls| {
            calls
                .iter()
                .filter(|c| c.chat_id() == Some(org.id) && c.text() == says("task.pick_project"))
                .count()
                == 2
        })
        .await;
    let pick = picks
        .iter()
        .rev()
        .find(|c| c.chat_id() == Some(org.id) && c.text() == says("task.pick_project"))
        .expect("the /members menu");
    world.send(org.callback("m1", 40, &button(pick, "Riverbank")));
    let members = world.reply_containing(org.id, "• Dana").await;
    assert!(
        members.text().contains("• Dana — 0") && members.text().contains("• Erzhan — 0"),
        "{}",
        members.text()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_volunteer_applies_to_organize_and_an_unreachable_chat_is_reachable_again_on_writing() {
    // Arrange: a volunteer registered through the bot, whose chat the notifier marked
    // unreachable (the bot was blocked, then unblocked)
    let world = spawn_bot().await;
    let user = TgUser::new(6301, "Aliya");
    world.send(user.text(1, "/start"));
    world
        .reply_containing(user.id, &says("start.welcome"))
        .await;
    let account = register(&world, &user, "+77057778899", 2).await;
    world
        .app
        .commands
        .mark_telegram_unreachable(&CommandContext::system(), account, "bot was blocked")
        .await
        .expect("marked unreachable");
    until(
        &world,
        "select not telegram_reachable from accounts_view where id = $1",
        account,
    )
    .await;

    // Act: /apply → organisation → what it does → city
    world.send(user.text(3, "/apply"));
    world.reply_containing(user.id, &says("apply.name")).await;
    world.send(user.text(4, "Eco Almaty"));
    world
        .reply_containing(user.id, &says("apply.description"))
        .await;
    world.send(user.text(5, "Clean parks and rivers"));
    world.reply_containing(user.id, &says("apply.city")).await;
    world.send(user.text(6, "Almaty"));
    world.reply_containing(user.id, &says("apply.sent")).await;

    // Assert: a pending application with what was typed, through the bot; the chat reachable
    until(
        &world,
        "select organization_name = 'Eco Almaty' and description = 'Clean parks and rivers'
                and city = 'Almaty' and status = 'pending'
           from organizer_applications_view where account_id = $1",
        account,
    )
    .await;
    assert_eq!(bot_events(&world, "OrganizerApplicationSubmitted").await, 1);
    until(
        &world,
        "select telegram_reachable from accounts_view where id = $1",
        account,
    )
    .await;
    assert_eq!(world.app.count_events("TelegramReachable").await, 1);

    // the chat's menu follows the role: approved as an organizer, the next message brings the
    // organizer commands into this chat's menu
    let chat_menus = |calls: &[crate::helpers::telegram::Call]| {
        calls
            .iter()
            .filter(|c| {
                c.method == "setmycommands"
                    && c.params["scope"]["type"] == "chat"
                    && c.params["scope"]["chat_id"] == user.id
            })
            .count()
    };
    assert_eq!(
        chat_menus(&world.fake.calls()),
        0,
        "a volunteer has the common menu"
    );
    let admin = world.app.admin().await;
    let path = format!("/api/v1/admin/organizer-applications/{account}/approve");
    let reply = world.app.post(&path, &json!({}), Some(&admin.token)).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    world.send(user.text(7, "/help"));
    let calls = world
        .fake
        .wait_for(PATIENCE, |calls| chat_menus(calls) == 1)
        .await;
    let menu = calls
        .iter()
        .find(|c| c.method == "setmycommands" && c.params["scope"]["type"] == "chat")
        .expect("the chat's menu");
    assert!(
        menu.params["commands"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["command"] == "newtask")),
        "{:#}",
        menu.params
    );
}
