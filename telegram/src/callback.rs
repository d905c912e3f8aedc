//! The one codec of inline buttons' `callback_data`: `v1:<verb>:<args>`, at most 64 bytes, UUIDs
//! in 22 characters. The notifier's "report waiting" card and the bot's moderation queue carry the
//! same [`Callback::Moderate`] buttons; the bot decodes every press with [`Callback::decode`].
//! A press on a button of an older format decodes to `None` and is answered as outdated.

use uuid::Uuid;

use crate::compact;
use crate::limits::CALLBACK_DATA;

/// A moderation decision offered on a report card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderation {
    /// Approve with 1–5 stars (★≤3 asks the organizer for a comment).
    Stars(u8),
    /// Approve without rating points.
    NoPoints,
    /// Reject (asks for the reason).
    Reject,
}

/// What an inline button does when pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    /// Moderate one report.
    Moderate {
        /// The report.
        report: Uuid,
        /// The decision pressed.
        decision: Moderation,
    },
}

const PREFIX: &str = "v1";

impl Callback {
    /// The `callback_data` (≤ 64 bytes).
    pub fn encode(&self) -> String {
        let data = match self {
            Self::Moderate { report, decision } => {
                let decision = match decision {
                    Moderation::Stars(n) => n.to_string(),
                    Moderation::NoPoints => "0".to_owned(),
                    Moderation::Reject => "r".to_owned(),
                };
                format!("{PREFIX}:m:{}:{decision}", compact::encode(*report))
            }
        };
        debug_assert!(
            data.len() <= CALLBACK_DATA,
            "callback data over 64 bytes: {data}"
        );
        data
    }

    /// Reads `callback_data`; `None` for anything this version did not make.
    pub fn decode(data: &str) -> Option<Callback> {
        let mut parts = data.split(':');
        if parts.next()? != PREFIX {
            return None;
        }
        let callback = match parts.next()? {
            "m" => {
                let report = compact::decode(parts.next()?)?;
                let decision = match parts.next()? {
                    "0" => Moderation::NoPoints,
                    "r" => Moderation::Reject,
                    n => match n.parse::<u8>().ok()? {
                        stars @ 1..=5 => Moderation::Stars(stars),
                        _ => return None,
                    },
                };
                Callback::Moderate { report, decision }
            }
            _ => return None,
        };
        parts.next().is_none().then_some(callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_variant() -> Vec<Callback> {
        let report = Uuid::new_v4();
        let mut all: Vec<Callback> = (1..=5)
            .map(|n| Callback::Moderate {
                report,
                decision: Moderation::Stars(n),
            })
            .collect();
        all.push(Callback::Moderate {
            report,
            decision: Moderation::NoPoints,
        });
        all.push(Callback::Moderate {
            report,
            decision: Moderation::Reject,
        });
        all
    }

    #[test]
    fn every_button_fits_64_bytes_and_round_trips() {
        for callback in every_variant() {
            let data = callback.encode();
            assert!(data.len() <= CALLBACK_DATA, "{data}");
            assert_eq!(Callback::decode(&data), Some(callback));
        }
    }

    #[test]
    fn foreign_or_damaged_data_decodes_to_nothing() {
        let good = every_variant()[0].encode();
        for bad in [
            "",
            "v2:m:x:1",
            "v1:zz",
            "v1:m:short:1",
            &format!("{good}:extra"),
        ] {
            assert_eq!(Callback::decode(bad), None, "{bad}");
        }
        let six = good.replace(":1", ":6");
        assert_eq!(Callback::decode(&six), None);
    }
}
