//! `Idempotency-Key`: a repeated POST replays the first answer byte for byte and appends nothing;
//! the key is recorded in the metadata of the events it produced.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::helpers::TestApp;

mod keys;
mod metadata;
mod replay;

const REPLAYED: &str = "idempotent-replayed";

/// The metadata of every event of `event_type`, oldest first.
async fn metadata_of(app: &TestApp, event_type: &str) -> Vec<HashMap<String, String>> {
    let rows: Vec<Value> = sqlx::query_scalar(
        "select metadata from events where event_type = $1 order by global_position",
    )
    .bind(event_type)
    .fetch_all(&app.pool)
    .await
    .expect("reading metadata");
    rows.into_iter()
        .map(|m| serde_json::from_value(m).expect("metadata is a map of strings"))
        .collect()
}

fn application() -> Value {
    json!({"organization_name": "Таза Алматы", "description": "Clean-ups", "city": "Almaty"})
}
