//! Two taps on ★5 for one report at once (the owner and an admin): one approval; the other tap
//! is answered "already moderated" and appends nothing.

use super::support::link_by_code;
use crate::helpers::bot::{PATIENCE, button, spawn_bot};
use crate::helpers::telegram::updates::TgUser;

#[tokio::test(flavor = "multi_thread")]
async fn two_concurrent_five_star_taps_approve_once_and_the_second_is_told_already_moderated() {
    let world = spawn_bot().await;
    let story = world.app.core_story().await;
    let owner = TgUser::new(9001, "Owner");
    let admin = TgUser::new(9002, "Admin");
    link_by_code(&world, &story.organizer, &owner, 1).await;
    link_by_code(&world, &story.admin, &admin, 1).await;
    world.send(owner.text(2, "/queue"));
    world.send(admin.text(2, "/queue"));
    let owner_card = wait_card(&world, owner.id).await;
    let admin_card = wait_card(&world, admin.id).await;
    let before = world.app.total_events().await;

    world.send(owner.callback("s1", 30, &button(&owner_card, "★5")));
    world.send(admin.callback("s2", 30, &button(&admin_card, "★5")));
    let first = world.answered("s1").await;
    let second = world.answered("s2").await;

    let already = birqadam_texts::problem_title(
        "report.already_moderated",
        birqadam_domain::values::Language::Ru,
    )
    .expect("a title");
    let toasts = [
        first.params["text"].as_str().unwrap_or_default(),
        second.params["text"].as_str().unwrap_or_default(),
    ];
    assert_eq!(
        toasts.iter().filter(|t| **t == already).count(),
        1,
        "{toasts:?}"
    );
    assert_eq!(world.app.count_events("ReportApproved").await, 1);
    assert_eq!(world.app.count_events("RatingCredited").await, 1);
    // the approval and its credit, nothing from the losing tap
    assert_eq!(world.app.total_events().await, before + 2);
}

async fn wait_card(
    world: &crate::helpers::bot::BotWorld,
    chat: i64,
) -> crate::helpers::telegram::Call {
    let calls = world
        .fake
        .wait_for(PATIENCE, |calls| {
            calls.iter().any(|c| {
                c.chat_id() == Some(chat) && c.params["reply_markup"].to_string().contains("★5")
            })
        })
        .await;
    calls
        .into_iter()
        .find(|c| c.chat_id() == Some(chat) && c.params["reply_markup"].to_string().contains("★5"))
        .expect("the card")
}
