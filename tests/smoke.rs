//! The app starts and answers.

use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registered_volunteer_reads_their_own_account() {
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let reply = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json["id"], json!(me.id));
    assert_eq!(reply.json["roles"], json!(["volunteer"]));
}
