//! Tasks: deadlines in Almaty time, listed assignees, my tasks, cancellation with the project.

use chrono::{DateTime, Utc};
use serde_json::Value;

mod assignment;
mod cancellation;
mod deadlines;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("an RFC 3339 instant")
}

fn status_of(list: &Value, task: &str) -> String {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|t| t["id"] == task)
        .and_then(|t| t["status"].as_str())
        .unwrap_or("missing")
        .to_owned()
}
