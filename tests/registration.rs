//! Registration: one owner per phone and e-mail under concurrency, login by any phone spelling,
//! and bad input refused before anything reaches the event log.

use std::sync::Arc;

use birqadam_domain::identity_claim::IdentityKind;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::sync::Barrier;

use crate::helpers::app::Reply;
use crate::helpers::requests::{assert_field_error, assert_problem, registration};
use crate::helpers::{TestApp, spawn_app};

const RACERS: usize = 50;

/// Sends every body to `/auth/register` at once (all tasks released by one barrier).
async fn register_all_at_once(app: &TestApp, bodies: Vec<Value>) -> Vec<Reply> {
    let barrier = Arc::new(Barrier::new(bodies.len()));
    let handles: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let client = app.client.clone();
            let url = format!("{}/api/v1/auth/register", app.address);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                let request = client.post(url).json(&body);
                barrier.wait().await;
                TestApp::read(request.send().await.expect("the request is sent")).await
            })
        })
        .collect();
    let mut replies = Vec::with_capacity(handles.len());
    for handle in handles {
        replies.push(handle.await.expect("the racing task finishes"));
    }
    replies
}

/// Events of one identity-claim stream, in order: `(event_type, payload)`.
async fn claim_stream(app: &TestApp, kind: IdentityKind, normalised: &str) -> Vec<(String, Value)> {
    sqlx::query_as(
        "select event_type, payload from events
          where aggregate_type = 'IdentityClaim' and aggregate_id = $1 order by sequence",
    )
    .bind(kind.claim_id(normalised).to_string())
    .fetch_all(&app.pool)
    .await
    .expect("reading a claim stream")
}

/// The `kind` of every `IdentityClaimed` event in the log.
async fn claimed_kinds(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "select payload->'IdentityClaimed'->>'kind' from events
          where event_type = 'IdentityClaimed' order by global_position",
    )
    .fetch_all(&app.pool)
    .await
    .expect("reading claims")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_registrations_of_one_phone_in_mixed_spellings_yield_one_account() {
    // Arrange
    let app = spawn_app().await;
    let spellings = [
        "+7 701 123 45 67",
        "87011234567",
        "8 (701) 123-45-67",
        "7011234567",
    ];
    let bodies = (0..RACERS)
        .map(|i| {
            registration(
                &format!("Racer {i}"),
                &format!("racer{i}@test.kz"),
                Some(spellings[i % spellings.len()]),
            )
        })
        .collect();

    // Act
    let replies = register_all_at_once(&app, bodies).await;

    // Assert
    let winners: Vec<&Reply> = replies.iter().filter(|r| r.status == 201).collect();
    assert_eq!(winners.len(), 1, "exactly one registration wins");
    for loser in replies.iter().filter(|r| r.status != 201) {
        assert_problem(loser, 409, "account.phone_taken");
    }
    let winner_id = winners[0].json["account"]["id"]
        .as_str()
        .expect("the winner's account id");
    assert_eq!(winners[0].json["account"]["phone"], json!("+77011234567"));
    assert_eq!(app.count_events("AccountRegistered").await, 1);

    let phone_stream = claim_stream(&app, IdentityKind::Phone, "+77011234567").await;
    assert_eq!(
        phone_stream,
        vec![(
            "IdentityClaimed".to_owned(),
            json!({"IdentityClaimed": {"kind": "phone", "owner": winner_id}})
        )],
        "the phone was claimed once, by the winner, and never released"
    );
    let kinds = claimed_kinds(&app).await;
    let email_claims = kinds.iter().filter(|k| *k == "email").count();
    assert_eq!(kinds.iter().filter(|k| *k == "phone").count(), 1);
    assert_eq!(email_claims, RACERS, "every racer claimed its own e-mail");
    assert_eq!(
        app.count_events("IdentityReleased").await,
        i64::try_from(RACERS - 1).expect("small"),
        "every loser released its e-mail claim"
    );
    for i in 0..RACERS {
        let stream = claim_stream(&app, IdentityKind::Email, &format!("racer{i}@test.kz")).await;
        let last = stream.last().map(|(t, _)| t.as_str());
        let expected = if winners[0].json["account"]["email"] == json!(format!("racer{i}@test.kz"))
        {
            "IdentityClaimed"
        } else {
            "IdentityReleased"
        };
        assert_eq!(last, Some(expected), "the e-mail claim of racer {i}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_registrations_of_one_email_in_mixed_case_yield_one_account() {
    // Arrange
    let app = spawn_app().await;
    let spellings = ["A@x.kz", "a@X.KZ", "a@x.kz", " A@X.Kz "];
    let bodies = (0..RACERS)
        .map(|i| registration(&format!("Racer {i}"), spellings[i % spellings.len()], None))
        .collect();

    // Act
    let replies = register_all_at_once(&app, bodies).await;

    // Assert
    let winners: Vec<&Reply> = replies.iter().filter(|r| r.status == 201).collect();
    assert_eq!(winners.len(), 1, "exactly one registration wins");
    for loser in replies.iter().filter(|r| r.status != 201) {
        assert_problem(loser, 409, "account.email_taken");
    }
    assert_eq!(winners[0].json["account"]["email"], json!("a@x.kz"));
    assert_eq!(app.count_events("AccountRegistered").await, 1);
    let stream = claim_stream(&app, IdentityKind::Email, "a@x.kz").await;
    assert_eq!(stream.len(), 1, "one claim of the e-mail: {stream:?}");
    assert_eq!(app.count_events("IdentityReleased").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_logs_in_with_their_phone_spelled_differently() {
    // Arrange
    let app = spawn_app().await;
    let reply = app
        .register(&registration(
            "Айгерим",
            "aigerim@test.kz",
            Some("+7 701 123 45 67"),
        ))
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let id = reply.json["account"]["id"].clone();

    // Act
    let by_phone = app
        .post(
            "/api/v1/auth/login",
            &json!({"login": "8 (701) 123-45-67", "password": "password123"}),
            None,
        )
        .await;
    let by_email = app
        .post(
            "/api/v1/auth/login",
            &json!({"login": "AIGERIM@test.kz", "password": "password123"}),
            None,
        )
        .await;

    // Assert
    assert_eq!(by_phone.status, 200, "{:?}", by_phone.json);
    assert_eq!(by_phone.json["account"]["id"], id);
    assert_eq!(by_phone.json["tokens"]["token_type"], json!("Bearer"));
    assert_eq!(by_email.status, 200, "{:?}", by_email.json);
    assert_eq!(by_email.json["account"]["id"], id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_and_an_unknown_login_get_the_same_401() {
    // Arrange
    let app = spawn_app().await;
    let reply = app
        .register(&registration(
            "Айгерим",
            "aigerim@test.kz",
            Some("87011234567"),
        ))
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let attempts = [
        json!({"login": "aigerim@test.kz", "password": "wrong-password"}),
        json!({"login": "+77011234567", "password": "wrong-password"}),
        json!({"login": "nobody@test.kz", "password": "password123"}),
        json!({"login": "+7 777 000 00 00", "password": "password123"}),
        json!({"login": "not a login", "password": "password123"}),
    ];

    for body in attempts {
        // Act
        let reply = app.post("/api/v1/auth/login", &body, None).await;

        // Assert
        assert_problem(&reply, 401, "auth.invalid_credentials");
    }
}

/// Sends a registration with a raw body and content type; asserts nothing was appended.
async fn register_raw_appends_nothing(app: &TestApp, content_type: &str, body: &[u8]) -> Reply {
    let before = app.total_events().await;
    let reply = app
        .send_raw(
            Method::POST,
            "/api/v1/auth/register",
            &[("content-type", content_type)],
            Some(body.to_vec()),
        )
        .await;
    assert_eq!(
        app.total_events().await,
        before,
        "a refused registration appends no event"
    );
    reply
}

async fn register_json_appends_nothing(app: &TestApp, body: &Value) -> Reply {
    let bytes = serde_json::to_vec(body).expect("JSON");
    register_raw_appends_nothing(app, "application/json", &bytes).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_is_a_400_and_a_wrong_content_type_a_415() {
    // Arrange
    let app = spawn_app().await;
    let valid = serde_json::to_vec(&registration("A", "a@test.kz", None)).expect("JSON");

    // Act
    let malformed =
        register_raw_appends_nothing(&app, "application/json", br#"{"name": "A", "email": "#).await;
    let text_plain = register_raw_appends_nothing(&app, "text/plain", &valid).await;
    let form =
        register_raw_appends_nothing(&app, "application/x-www-form-urlencoded", b"name=A").await;

    // Assert
    assert_problem(&malformed, 400, "request.malformed_json");
    assert_problem(&text_plain, 415, "request.unsupported_media_type");
    assert_problem(&form, 415, "request.unsupported_media_type");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_types_and_missing_fields_name_the_field() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let wrong_type = register_json_appends_nothing(
        &app,
        &json!({"name": 5, "email": "a@test.kz", "password": "password123"}),
    )
    .await;
    let missing_email =
        register_json_appends_nothing(&app, &json!({"name": "A", "password": "password123"})).await;
    let missing_password =
        register_json_appends_nothing(&app, &json!({"name": "A", "email": "a@test.kz"})).await;

    // Assert
    assert_field_error(&wrong_type, "name", "invalid_type");
    assert_field_error(&missing_email, "email", "required");
    assert_field_error(&missing_password, "password", "required");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_values_are_422_with_field_errors_and_append_nothing() {
    // Arrange
    let app = spawn_app().await;
    let long_name = "Ә".repeat(5_000); // 10 kB of UTF-8
    let mut cases: Vec<(Value, &str, &str)> = vec![
        (
            registration(&long_name, "a@test.kz", None),
            "name",
            "too_long",
        ),
        (registration("   ", "a@test.kz", None), "name", "required"),
        (
            json!({"name": "A", "email": "a@test.kz", "password": "short"}),
            "password",
            "too_short",
        ),
        (
            json!({"name": "A", "email": "a@test.kz", "password": "password123", "language": "fr"}),
            "language",
            "invalid",
        ),
        (
            registration("A", "a@test.kz", Some("abc")),
            "phone",
            "invalid_phone",
        ),
        (
            registration("A", "a@test.kz", Some("+7 701")),
            "phone",
            "invalid_phone",
        ),
    ];
    for email in [
        "not-an-email",
        "a@",
        "@test.kz",
        "a b@test.kz",
        "a@test",
        "a@@test.kz",
    ] {
        cases.push((registration("A", email, None), "email", "invalid_email"));
    }
    cases.push((registration("A", "", None), "email", "required"));

    for (body, field, code) in cases {
        // Act
        let reply = register_json_appends_nothing(&app, &body).await;

        // Assert
        assert_field_error(&reply, field, code);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_field_is_reported_at_once() {
    // Arrange
    let app = spawn_app().await;
    let body =
        json!({"name": "", "email": "nope", "password": "short", "phone": "abc", "language": "fr"});

    // Act
    let reply = register_json_appends_nothing(&app, &body).await;

    // Assert
    assert_problem(&reply, 422, "validation.failed");
    let mut fields: Vec<String> = crate::helpers::requests::field_errors(&reply)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        ["email", "language", "name", "password", "phone"],
        "{:?}",
        reply.json
    );
    assert!(
        reply.json["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "each field error carries a message"
    );
}
