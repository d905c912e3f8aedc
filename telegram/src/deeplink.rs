//! `t.me/<bot>?start=PAYLOAD` payloads (≤ 64 characters of `A-Za-z0-9_-`): what a link opens.

use uuid::Uuid;

use crate::compact;

/// What a deep link asks the bot to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartPayload {
    /// A project's card.
    Project(Uuid),
}

/// The payload of a link opening `project`'s card: `p_` + 22 characters.
pub fn project(project: Uuid) -> String {
    format!("p_{}", compact::encode(project))
}

/// Reads the argument of `/start`; anything unknown or malformed is `None` (a plain start).
pub fn parse(payload: &str) -> Option<StartPayload> {
    let id = payload.trim().strip_prefix("p_")?;
    compact::decode(id).map(StartPayload::Project)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_link_round_trips_within_telegrams_alphabet() {
        let id = Uuid::new_v4();
        let payload = project(id);
        assert!(payload.len() <= 64);
        assert!(
            payload
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        );
        assert_eq!(parse(&payload), Some(StartPayload::Project(id)));
    }

    #[test]
    fn unknown_or_broken_payloads_are_a_plain_start() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("p_not-base64!"), None);
        assert_eq!(parse("x_AAAAAAAAAAAAAAAAAAAAAA"), None);
    }
}
