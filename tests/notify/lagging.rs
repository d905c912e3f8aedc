//! Deliveries are rendered from the views at send time, so they are planned only once those
//! views know the event: a lagging view delays a message, never empties it.

use std::time::Duration;

use birqadam::app::Workers;
use serde_json::json;

use crate::helpers::notify::ChatMember;
use crate::helpers::notify::spawn_notified_app_tuned;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_offered_while_the_tasks_view_lags_goes_out_with_its_text_once_it_caught_up() {
    // Arrange: a member with a chat; the tasks projector held on its checkpoint row
    let n = spawn_notified_app_tuned(Workers::ALL, |s| {
        s.read_your_writes_timeout = Duration::from_millis(500);
    })
    .await;
    let ChatMember {
        organizer,
        project,
        chat,
        ..
    } = n.member_with_chat().await;
    let mut hold = n.app.pool.begin().await.expect("a transaction");
    sqlx::query("select 1 from projection_checkpoints where name = 'tasks' for update")
        .execute(&mut *hold)
        .await
        .expect("holding the tasks projector");
    let offered = |calls: &[crate::helpers::telegram::Call]| {
        calls
            .iter()
            .filter(|c| c.chat_id() == Some(chat) && c.text().contains("Новое задание"))
            .count()
    };

    // Act: a task while the tasks view cannot move, then the view let go
    let reply = n
        .app
        .create_task_with(
            &organizer,
            &project,
            &json!({"text": "Собрать пластик у реки"}),
        )
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let while_held = offered(&n.telegram.calls());
    hold.rollback().await.expect("letting the projector go");

    // Assert: nothing went out while the view lagged; then one message, with the task's text
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    assert_eq!(while_held, 0, "{:#?}", n.telegram.calls());
    let calls = n
        .telegram
        .wait_for(Duration::from_secs(30), |calls| offered(calls) == 1)
        .await;
    let message = calls
        .iter()
        .find(|c| c.chat_id() == Some(chat) && c.text().contains("Новое задание"))
        .expect("the offer");
    assert!(
        message.text().contains("Собрать пластик у реки"),
        "{}",
        message.text()
    );
}
