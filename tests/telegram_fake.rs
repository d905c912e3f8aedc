//! The fake Bot API itself behaves like Telegram where the bot and the notifier rely on it.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::telegram::updates::TgUser;
use crate::helpers::telegram::{Call, FakeBotApi, Scripted};

async fn call(fake: &FakeBotApi, method: &str, body: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}botTOKEN/{method}", fake.url()))
        .json(&body)
        .send()
        .await
        .expect("the fake answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON answer"))
}

#[tokio::test]
async fn updates_are_served_in_order_and_dropped_once_confirmed() {
    let fake = FakeBotApi::start().await;
    let user = TgUser::new(42, "Aida").speaking("kk");
    let first = fake.push_update(user.text(1, "/start"));
    fake.push_update(user.contact(2, "+77011234567", Some(42)));
    fake.push_update(user.photo(3, "f1", Some("album"), Some("caption")));
    fake.push_update(user.document(4, "d1", "notes.pdf", "application/pdf"));
    fake.push_update(user.callback("q1", 9, "v1:x"));

    let (_, all) = call(&fake, "GetUpdates", json!({"offset": 0})).await;
    assert_eq!(all["result"].as_array().map(Vec::len), Some(5));
    assert_eq!(
        all["result"][0]["message"]["entities"][0]["type"],
        "bot_command"
    );
    assert_eq!(all["result"][1]["message"]["contact"]["user_id"], 42);
    let (_, rest) = call(
        &fake,
        "getUpdates",
        json!({"offset": first + 4, "timeout": 0}),
    )
    .await;
    assert_eq!(rest["result"][0]["callback_query"]["data"], "v1:x");
}

#[tokio::test]
async fn scripted_and_blocked_answers_look_like_telegram() {
    let fake = FakeBotApi::start().await;
    fake.script("sendMessage", Scripted::RetryAfter(2));
    fake.block_chat(7);
    let (status, body) = call(&fake, "sendMessage", json!({"chat_id": 5, "text": "a"})).await;
    assert_eq!(
        (status, body["parameters"]["retry_after"].clone()),
        (429, json!(2))
    );
    let (status, body) = call(&fake, "sendMessage", json!({"chat_id": 7, "text": "b"})).await;
    assert_eq!(status, 403);
    assert!(
        body["description"]
            .as_str()
            .unwrap_or_default()
            .contains("blocked")
    );
    let (status, body) = call(&fake, "SendMessage", json!({"chat_id": 5, "text": "c"})).await;
    assert_eq!((status, body["result"]["text"].clone()), (200, json!("c")));
    fake.script("answerCallbackQuery", Scripted::Blocked);
    fake.script(
        "answerCallbackQuery",
        Scripted::Error(400, "Bad Request: query is too old".into()),
    );
    let (first, _) = call(
        &fake,
        "answerCallbackQuery",
        json!({"callback_query_id": "q"}),
    )
    .await;
    let (second, _) = call(
        &fake,
        "answerCallbackQuery",
        json!({"callback_query_id": "q"}),
    )
    .await;
    assert_eq!((first, second), (403, 400));

    let sent: Vec<Call> = fake.calls_of("sendmessage");
    assert_eq!(sent.len(), 3);
    assert_eq!((sent[2].chat_id(), sent[2].text()), (Some(5), "c"));
    let statuses: Vec<u16> = sent.iter().map(|c| c.status).collect();
    assert_eq!(statuses, [429, 403, 200]);
    assert!(sent.iter().all(|c| c.token == "TOKEN"));
    assert!(sent[0].at <= sent[2].at);
}

#[tokio::test]
async fn files_are_described_and_downloaded_and_delays_apply() {
    let fake = FakeBotApi::start().await;
    fake.add_file("f1", vec![1, 2, 3]);
    let (_, file) = call(&fake, "getFile", json!({"file_id": "f1"})).await;
    let path = file["result"]["file_path"]
        .as_str()
        .expect("a file path")
        .to_owned();
    let url = format!("{}file/botTOKEN/{path}", fake.url());
    let bytes = reqwest::get(url)
        .await
        .expect("download")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(bytes.as_ref(), [1, 2, 3]);
    let (status, _) = call(&fake, "getFile", json!({"file_id": "missing"})).await;
    assert_eq!(status, 400);

    fake.set_delay(Duration::from_millis(300));
    let started = std::time::Instant::now();
    call(
        &fake,
        "sendMediaGroup",
        json!({"chat_id": 1, "media": [{"type": "photo"}]}),
    )
    .await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    let calls = fake
        .wait_for(Duration::from_secs(1), |c| c.len() == 3)
        .await;
    assert_eq!(calls[2].method, "sendmediagroup");
}
