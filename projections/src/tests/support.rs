//! Helpers shared by the database tests: events written with plain SQL, polling, table dumps.

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Once;
use std::time::Duration;

use birqadam_domain::Role;
use birqadam_domain::account::{
    AccountEvent, OrganizerApplication, RatingSource, RegistrationSource,
};
use birqadam_domain::values::{Email, Language, PhoneNumber};
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use crate::log::Checkpoint;

/// Generous bound for anything that waits on the cluster-wide xmin.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// Logs to stderr when `TEST_LOG` is set, once per test binary.
pub fn init_tracing() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            tracing_subscriber::fmt()
                .with_env_filter("info,birqadam_projections=debug")
                .with_test_writer()
                .init();
        }
    });
}

/// A fresh migrated database.
pub async fn database() -> PgPool {
    init_tracing();
    crate::testing::fresh_database()
        .await
        .expect("a fresh test database (is DATABASE_URL set?)")
}

/// Appends one event the way postgres-es does (named columns, defaults for the rest).
pub async fn append<'e>(
    conn: impl PgExecutor<'e>,
    aggregate_type: &str,
    id: Uuid,
    sequence: i64,
    event_type: &str,
    payload: serde_json::Value,
) {
    sqlx::query(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         values ($1, $2, $3, $4, '1.0', $5, $6)",
    )
    .bind(aggregate_type)
    .bind(id.to_string())
    .bind(sequence)
    .bind(event_type)
    .bind(payload)
    .bind(serde_json::json!({
        "actor_id": id.to_string(), "actor_role": "volunteer", "channel": "api",
        "request_id": Uuid::new_v4().to_string(),
    }))
    .execute(conn)
    .await
    .expect("event inserted");
}

/// Appends an `AccountEvent`.
pub async fn append_account<'e>(
    conn: impl PgExecutor<'e>,
    id: Uuid,
    sequence: i64,
    event: &AccountEvent,
) {
    let payload = serde_json::to_value(event).expect("event serialises");
    let event_type = payload
        .as_object()
        .and_then(|o| o.keys().next().cloned())
        .expect("externally tagged");
    append(conn, "Account", id, sequence, &event_type, payload).await;
}

/// A registration event.
pub fn registered(n: usize) -> AccountEvent {
    AccountEvent::AccountRegistered {
        name: format!("Volunteer {n}"),
        email: Some(Email::parse(&format!("v{n}@example.kz")).expect("valid email")),
        phone: Some(PhoneNumber::parse(&format!("8 701 000 {n:04}")).expect("valid phone")),
        language: Language::Ru,
        roles: BTreeSet::from([Role::Volunteer]),
        source: RegistrationSource::App,
    }
}

/// The life of account `n` (registered, edited, applied, decided, rated, and one event type no
/// view knows), each event in its own transaction; returns the account id.
pub async fn account_story(pool: &PgPool, n: usize) -> Uuid {
    let id = Uuid::now_v7();
    let application = OrganizerApplication {
        organization_name: format!("Clean Almaty {n}"),
        description: "We pick up litter".to_owned(),
        city: "Almaty".to_owned(),
        website: n.is_multiple_of(2).then(|| "https://clean.kz".to_owned()),
        contact_person: None,
    };
    let decision = if n.is_multiple_of(3) {
        AccountEvent::OrganizerRejected {
            by: Some(Uuid::nil()),
            reason: "not enough details".to_owned(),
        }
    } else {
        AccountEvent::OrganizerApproved { by: None }
    };
    let events = [
        registered(n),
        AccountEvent::ProfileUpdated {
            name: Some(format!("Renamed {n}")),
            email: None,
            phone: None,
            language: Some(Language::Kk),
        },
        AccountEvent::OrganizerApplicationSubmitted { application },
        decision,
        AccountEvent::RatingCredited {
            source: RatingSource::Report(Uuid::now_v7()),
            points_requested: 5,
            points_applied: 5,
            rating_after: 5 + n as u32,
        },
    ];
    for (i, event) in events.iter().enumerate() {
        append_account(pool, id, i as i64 + 1, event).await;
    }
    append(
        pool,
        "Account",
        id,
        events.len() as i64 + 1,
        "TelegramLinkedSomeday",
        serde_json::json!({"TelegramLinkedSomeday": {"telegram_user_id": 42}}),
    )
    .await;
    append(
        pool,
        "IdentityClaim",
        Uuid::now_v7(),
        1,
        "IdentityClaimed",
        serde_json::json!({"IdentityClaimed": {"kind": "phone", "owner": id}}),
    )
    .await;
    id
}

/// The position of the newest committed event (visible to readers or not yet).
pub async fn last_event(pool: &PgPool) -> Checkpoint {
    let (transaction_id, global_position): (i64, i64) = sqlx::query_as(
        "select transaction_id::text::bigint, global_position from events
          order by events.transaction_id desc, events.global_position desc limit 1",
    )
    .fetch_one(pool)
    .await
    .expect("at least one event");
    Checkpoint {
        transaction_id,
        global_position,
    }
}

/// A projector's checkpoint (zero when it has none).
pub async fn checkpoint(pool: &PgPool, name: &str) -> Checkpoint {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "select transaction_id, global_position from projection_checkpoints where name = $1",
    )
    .bind(name)
    .fetch_optional(pool)
    .await
    .expect("checkpoint read");
    row.map_or(Checkpoint::ZERO, |(transaction_id, global_position)| {
        Checkpoint {
            transaction_id,
            global_position,
        }
    })
}

/// Waits until every named projector's checkpoint passed the newest event.
pub async fn caught_up(pool: &PgPool, names: &[&str]) -> bool {
    let target = last_event(pool).await;
    eventually(|| async {
        for name in names {
            if checkpoint(pool, name).await < target {
                return false;
            }
        }
        true
    })
    .await
}

/// Polls `check` every 20 ms until it holds or [`PATIENCE`] runs out.
pub async fn eventually<F, Fut>(mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while tokio::time::Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

/// A whole table as JSON rows in a stable order.
pub async fn dump(pool: &PgPool, table: &str) -> serde_json::Value {
    sqlx::query_scalar(&format!(
        "select coalesce(jsonb_agg(to_jsonb(t) order by to_jsonb(t)::text), '[]')
           from {table} t"
    ))
    .fetch_one(pool)
    .await
    .expect("table dumped")
}
