//! Operational routes owned by the infrastructure: health, metrics, docs. Resource routes
//! (`auth`, `accounts`, `projects`, …) live next to these, one module each, with `router()`.

pub mod docs;
pub mod health;
