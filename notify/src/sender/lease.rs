//! The leases of a sender loop's deliveries in flight, renewed while they run: a send may wait
//! its turn (the per-chat spacing, a 429 pause, a slow provider) longer than a lease, and a row
//! whose lease ran out is claimed again and sent a second time. A killed sender renews nothing,
//! so its rows still come back once their lease runs out.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use birqadam_domain::clock::Clock;
use sqlx::PgPool;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::store::{self, Claimed};

/// The claims in flight: delivery id → claim id.
#[derive(Debug, Clone, Default)]
pub struct InFlight(Arc<Mutex<HashMap<i64, Uuid>>>);

/// Takes a claim off [`InFlight`] when its delivery task ends, however it ends.
pub struct Held {
    in_flight: InFlight,
    id: i64,
}

impl Drop for Held {
    fn drop(&mut self) {
        self.in_flight.lock().remove(&self.id);
    }
}

impl InFlight {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Uuid>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers `row` until the returned guard is dropped.
    pub fn hold(&self, row: &Claimed) -> Held {
        self.lock().insert(row.id, row.claim);
        Held {
            in_flight: self.clone(),
            id: row.id,
        }
    }

    fn snapshot(&self) -> Vec<(i64, Uuid)> {
        self.lock()
            .iter()
            .map(|(id, claim)| (*id, *claim))
            .collect()
    }
}

/// Aborts the renewal task when the loop that started it ends.
pub struct Renewal(JoinHandle<()>);

impl Drop for Renewal {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Renews every lease in `in_flight` to a full `lease` from now, three times per lease.
pub fn keep_renewed(
    pool: PgPool,
    clock: Arc<dyn Clock>,
    lease: Duration,
    in_flight: InFlight,
) -> Renewal {
    let every = (lease / 3).max(Duration::from_millis(100));
    let full = chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
    Renewal(tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let held = in_flight.snapshot();
            if held.is_empty() {
                continue;
            }
            if let Err(error) = store::renew(&pool, &held, clock.now() + full).await {
                tracing::warn!(%error, "renewing the leases in flight failed");
            }
        }
    }))
}
