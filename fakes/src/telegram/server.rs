//! The fake Bot API server: routes, the recorded timeline and scripted answers.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::{any, get};
use serde_json::{Value, json};

use super::wire::as_i64;
use tokio::sync::Notify;

mod routes;

use routes::{download, method};

/// The id of the fake bot's own user.
pub const BOT_ID: i64 = 7_000_000_001;
/// The fake bot's username (deep links are `t.me/<this>?start=…`).
pub const BOT_USERNAME: &str = "birqadam_test_bot";

/// One recorded request.
#[derive(Debug, Clone)]
pub struct Call {
    /// The method, lower-cased (`sendmessage`).
    pub method: String,
    /// The token from the path.
    pub token: String,
    /// The parameters: JSON bodies as sent; multipart fields as strings (JSON-valued fields
    /// such as `reply_markup` or `media` parsed), uploaded files as `"<file NAME, N bytes>"`.
    pub params: Value,
    /// When it arrived.
    pub at: Instant,
    /// The status the fake answered.
    pub status: u16,
}

impl Call {
    /// The `chat_id` parameter as a number, when present.
    pub fn chat_id(&self) -> Option<i64> {
        as_i64(&self.params["chat_id"])
    }

    /// The `text` (or `caption`) parameter.
    pub fn text(&self) -> &str {
        self.params["text"]
            .as_str()
            .or_else(|| self.params["caption"].as_str())
            .unwrap_or_default()
    }
}

/// A scripted answer for the next call of one method.
#[derive(Debug, Clone)]
pub enum Scripted {
    /// `429 Too Many Requests` with `parameters.retry_after`.
    RetryAfter(u32),
    /// `403 Forbidden: bot was blocked by the user`.
    Blocked,
    /// Any other error status and description.
    Error(u16, String),
}

#[derive(Default)]
struct Inner {
    calls: Vec<Call>,
    updates: VecDeque<Value>,
    scripts: HashMap<String, VecDeque<Scripted>>,
    blocked_chats: HashSet<i64>,
    files: HashMap<String, (String, Vec<u8>)>,
    delay: Duration,
    limits: Option<Limits>,
    sent: VecDeque<Instant>,
    chat_last: HashMap<i64, Instant>,
}

/// Telegram's flood limits as the fake enforces them when asked to: more than `per_second`
/// sends in any second overall, or two sends to one chat within `per_chat`, answer 429.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Sends per rolling second, all chats together.
    pub per_second: usize,
    /// The least time between two sends to one chat.
    pub per_chat: Duration,
}

struct Shared {
    inner: Mutex<Inner>,
    arrived: Notify,
    next_update_id: AtomicI64,
    next_message_id: AtomicI64,
}

/// A running fake Bot API.
#[derive(Clone)]
pub struct FakeBotApi {
    url: String,
    shared: Arc<Shared>,
}

impl FakeBotApi {
    /// Starts the fake on `127.0.0.1:0`.
    pub async fn start() -> FakeBotApi {
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner::default()),
            arrived: Notify::new(),
            next_update_id: AtomicI64::new(1),
            next_message_id: AtomicI64::new(1),
        });
        let router = Router::new()
            .route("/file/{bot}/{*path}", get(download))
            .route("/{bot}/{method}", any(method))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake Bot API");
        let url = format!("http://{}/", listener.local_addr().expect("local address"));
        tokio::spawn(async move { axum::serve(listener, router).await });
        FakeBotApi { url, shared }
    }

    /// The base URL to give the client (`TELEGRAM_API_URL`), with a trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Queues an update for `getUpdates`, numbering it; returns its `update_id`.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = self.shared.next_update_id.fetch_add(1, Ordering::SeqCst);
        update["update_id"] = json!(id);
        self.lock().updates.push_back(update);
        self.shared.arrived.notify_waiters();
        id
    }

    /// Makes the next call of `method` (case-insensitive) answer `answer`; calls queue in order.
    pub fn script(&self, method: &str, answer: Scripted) {
        let mut inner = self.lock();
        let queue = inner.scripts.entry(method.to_lowercase()).or_default();
        queue.push_back(answer);
    }

    /// Every later send to `chat_id` answers 403 "bot was blocked by the user".
    pub fn block_chat(&self, chat_id: i64) {
        self.lock().blocked_chats.insert(chat_id);
    }

    /// Every later answer waits `delay` first (a slow Telegram).
    pub fn set_delay(&self, delay: Duration) {
        self.lock().delay = delay;
    }

    /// From now on, sends over Telegram's limits answer 429 `retry_after: 1` (30/s overall and
    /// 1/s per chat are Telegram's).
    pub fn enforce_limits(&self, limits: Limits) {
        self.lock().limits = Some(limits);
    }

    /// Registers a file that `getFile` describes and `/file/bot…/PATH` serves.
    pub fn add_file(&self, file_id: &str, bytes: Vec<u8>) {
        let path = format!("photos/{file_id}.jpg");
        self.lock().files.insert(file_id.to_owned(), (path, bytes));
    }

    /// Every call recorded so far, in arrival order.
    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    /// The recorded calls of one method (case-insensitive).
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        let method = method.to_lowercase();
        self.calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
    }

    /// Waits until `predicate` holds for the recorded calls (at most `within`); returns them.
    pub async fn wait_for(
        &self,
        within: Duration,
        predicate: impl Fn(&[Call]) -> bool,
    ) -> Vec<Call> {
        crate::wait_until("Bot API", within, || self.calls(), predicate).await
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.shared.inner.lock().expect("fake Bot API state")
    }
}
