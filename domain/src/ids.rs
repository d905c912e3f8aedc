//! Deterministic identifiers (UUIDv5) derived from natural keys.

use uuid::Uuid;

/// Namespace for every UUIDv5 the platform derives (fixed forever: changing it changes stream ids).
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6b1f_4c1e_8a3e_4f0a_9d2b_61a0_5e7c_b001);

/// A deterministic id for `kind:value` (used for identity claims and assignment streams).
pub fn derived(kind: &str, value: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{kind}:{value}").as_bytes())
}

/// A fresh time-ordered id for a new aggregate stream.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_distinct_per_kind() {
        assert_eq!(
            derived("phone", "+77011234567"),
            derived("phone", "+77011234567")
        );
        assert_ne!(derived("phone", "x"), derived("email", "x"));
    }
}
