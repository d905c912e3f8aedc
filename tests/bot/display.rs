//! User text in HTML replies: shown literally, cut to Telegram's limits.

use serde_json::json;

use crate::helpers::bot::spawn_bot;
use crate::helpers::telegram::updates::TgUser;

#[tokio::test(flavor = "multi_thread")]
async fn a_title_with_markup_is_shown_literally_and_a_long_description_is_cut_not_refused() {
    let world = spawn_bot().await;
    let app = &world.app;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Organizer").await;
    let description = "Д".repeat(5000);
    let project = app
        .approved_project(
            &admin,
            &organizer,
            &json!({"title": "<b>Tom & Jerry</b>", "description": description}),
        )
        .await;
    let user = TgUser::new(7001, "Reader");
    world.send(user.text(
        1,
        &format!(
            "/start {}",
            birqadam_telegram::deeplink::project(project.parse().expect("a uuid"))
        ),
    ));
    // not signed in: the welcome; signed-out people see the catalogue too
    world.send(user.text(2, "/projects"));
    let list = world.reply_containing(user.id, "Проекты").await;
    let open = crate::helpers::bot::button(&list, "<b>Tom & Jerry</b>");
    world.send(user.callback("d1", 5, &open));
    let card = world
        .reply_containing(user.id, "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;")
        .await;
    assert_eq!(card.params["parse_mode"], "HTML");
    assert!(
        !card.text().contains("<b>Tom"),
        "the title's markup is escaped"
    );
    let visible = card
        .text()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let visible = visible.replace("<b>", "").replace("</b>", "");
    assert!(
        visible.encode_utf16().count() <= 4096,
        "within Telegram's limit"
    );
    assert!(card.text().contains('…'), "the description is cut");
    assert_eq!(card.status, 200);
}
