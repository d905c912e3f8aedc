//! The fake FCM server: token endpoint, `messages:send`, recorded calls and scripts.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

/// The test service account's private key (test-only).
pub const PRIVATE_KEY: &str = include_str!("test-key.pem");
pub(super) const PUBLIC_KEY: &str = include_str!("test-key.pub.pem");
/// The fake Firebase project.
pub const PROJECT: &str = "birqadam-test";

/// One recorded `messages:send`.
#[derive(Debug, Clone)]
pub struct FcmCall {
    /// The device token addressed.
    pub device: String,
    /// The whole `message` object.
    pub message: Value,
    /// When it arrived.
    pub arrived: Instant,
    /// When it was answered (after the fake's delay).
    pub at: Instant,
    /// The status answered.
    pub status: u16,
}

impl FcmCall {
    /// `android.notification.tag`.
    pub fn tag(&self) -> &str {
        self.message["android"]["notification"]["tag"]
            .as_str()
            .unwrap_or_default()
    }
}

/// A scripted answer for the next send to one device token.
#[derive(Debug, Clone)]
pub enum FcmScript {
    /// 404 UNREGISTERED.
    Unregistered,
    /// 503 UNAVAILABLE with `Retry-After: seconds`.
    Unavailable(u64),
    /// 400 INVALID_ARGUMENT "not a valid FCM registration token".
    InvalidToken,
    /// 401 UNAUTHENTICATED (as if the access token had expired).
    Unauthenticated,
}

#[derive(Default)]
pub(super) struct Inner {
    calls: Vec<FcmCall>,
    pub(super) issued: Vec<String>,
    pub(super) token_requests: u64,
    scripts: HashMap<String, VecDeque<FcmScript>>,
    delay: Duration,
}

pub(super) struct Shared {
    pub(super) inner: Mutex<Inner>,
    pub(super) next_token: AtomicU64,
    pub(super) token_uri: String,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

/// A running fake FCM + OAuth server.
#[derive(Clone)]
pub struct FakeFcm {
    url: String,
    shared: Arc<Shared>,
}

impl FakeFcm {
    /// Starts the fake on `127.0.0.1:0`.
    pub async fn start() -> FakeFcm {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake FCM");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner::default()),
            next_token: AtomicU64::new(1),
            token_uri: format!("{url}/token"),
            in_flight: AtomicUsize::new(0),
            most_in_flight: AtomicUsize::new(0),
        });
        let router = Router::new()
            .route("/token", post(super::oauth::token))
            .route("/v1/projects/{project}/{send}", post(send))
            .with_state(shared.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        FakeFcm { url, shared }
    }

    /// The base URL to give the client (`FCM_API_URL`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Writes a service-account JSON pointing at this fake's token endpoint into `dir`.
    pub fn service_account_file(&self, dir: &std::path::Path) -> PathBuf {
        std::fs::create_dir_all(dir).expect("a directory for the service account");
        let path = dir.join("fcm-service-account.json");
        let account = json!({
            "type": "service_account",
            "project_id": PROJECT,
            "private_key_id": "test-key-1",
            "private_key": PRIVATE_KEY,
            "client_email": "notifier@birqadam-test.iam.gserviceaccount.com",
            "token_uri": self.shared.token_uri,
        });
        std::fs::write(&path, account.to_string()).expect("writing the service account");
        path
    }

    /// Makes the next send to `device` answer `script`; scripts queue in order.
    pub fn script(&self, device: &str, script: FcmScript) {
        self.lock()
            .scripts
            .entry(device.to_owned())
            .or_default()
            .push_back(script);
    }

    /// Every later answer waits `delay` first.
    pub fn set_delay(&self, delay: Duration) {
        self.lock().delay = delay;
    }

    /// Every `messages:send` so far.
    pub fn calls(&self) -> Vec<FcmCall> {
        self.lock().calls.clone()
    }

    /// The most `messages:send` requests that were in the fake at once.
    pub fn most_in_flight(&self) -> usize {
        self.shared.most_in_flight.load(Ordering::SeqCst)
    }

    /// How many access tokens were asked for.
    pub fn token_requests(&self) -> u64 {
        self.lock().token_requests
    }

    /// Waits until `predicate` holds for the recorded calls (at most `within`).
    pub async fn wait_for(
        &self,
        within: Duration,
        predicate: impl Fn(&[FcmCall]) -> bool,
    ) -> Vec<FcmCall> {
        crate::wait_until("FCM", within, || self.calls(), predicate).await
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.shared.inner.lock().expect("fake FCM state")
    }
}

async fn send(
    State(shared): State<Arc<Shared>>,
    Path((_project, send)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let arrived = Instant::now();
    let in_flight = InFlight::enter(&shared);
    let delay = shared.inner.lock().expect("fake FCM state").delay;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    drop(in_flight);
    let message = body["message"].clone();
    let device = message["token"].as_str().unwrap_or_default().to_owned();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_owned();
    let mut inner = shared.inner.lock().expect("fake FCM state");
    let scripted = inner.scripts.get_mut(&device).and_then(VecDeque::pop_front);
    let strings_only = message["data"]
        .as_object()
        .is_none_or(|data| data.values().all(Value::is_string));
    let (status, answer, retry_after) = if send != "messages:send" {
        (404, error(404, "NOT_FOUND", "no such method", None), None)
    } else if !inner.issued.contains(&bearer)
        || matches!(scripted, Some(FcmScript::Unauthenticated))
    {
        (
            401,
            error(
                401,
                "UNAUTHENTICATED",
                "Request had invalid authentication credentials.",
                None,
            ),
            None,
        )
    } else if !strings_only {
        let violation = json!([{"@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [{"field": "message.data[0].value", "description": "Invalid value"}]}]);
        (
            400,
            error(
                400,
                "INVALID_ARGUMENT",
                "Invalid value at 'message.data[0].value' (TYPE_STRING)",
                Some(violation),
            ),
            None,
        )
    } else {
        match scripted {
            Some(FcmScript::Unregistered) => (
                404,
                error(
                    404,
                    "NOT_FOUND",
                    "Requested entity was not found.",
                    Some(fcm("UNREGISTERED")),
                ),
                None,
            ),
            Some(FcmScript::Unavailable(seconds)) => (
                503,
                error(
                    503,
                    "UNAVAILABLE",
                    "The service is currently unavailable.",
                    Some(fcm("UNAVAILABLE")),
                ),
                Some(seconds),
            ),
            Some(FcmScript::InvalidToken) => (
                400,
                error(
                    400,
                    "INVALID_ARGUMENT",
                    "The registration token is not a valid FCM registration token",
                    Some(fcm("INVALID_ARGUMENT")),
                ),
                None,
            ),
            _ => (
                200,
                json!({"name": format!("projects/{PROJECT}/messages/{}", inner.calls.len() + 1)}),
                None,
            ),
        }
    };
    inner.calls.push(FcmCall {
        device,
        message,
        arrived,
        at: Instant::now(),
        status,
    });
    drop(inner);
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        Json(answer),
    )
        .into_response();
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            seconds.to_string().parse().expect("a header value"),
        );
    }
    response
}

/// One request inside the fake (until answered or dropped by its client).
struct InFlight<'a>(&'a Shared);

impl<'a> InFlight<'a> {
    fn enter(shared: &'a Shared) -> Self {
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.most_in_flight.fetch_max(now, Ordering::SeqCst);
        Self(shared)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

fn fcm(code: &str) -> Value {
    json!([{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": code}])
}

fn error(code: u16, status: &str, message: &str, details: Option<Value>) -> Value {
    json!({"error": {"code": code, "message": message, "status": status,
                     "details": details.unwrap_or_else(|| json!([]))}})
}
