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
    /// Show page `page` (from 0) of the project catalogue, editing the message in place.
    Page {
        /// The page.
        page: u16,
    },
    /// Open a project's card.
    Project {
        /// The project.
        project: Uuid,
    },
    /// Join a project.
    Join {
        /// The project.
        project: Uuid,
    },
    /// Leave a project.
    Leave {
        /// The project.
        project: Uuid,
    },
    /// Accept an offered task.
    Accept {
        /// The task.
        task: Uuid,
    },
    /// Decline an offered task.
    Decline {
        /// The task.
        task: Uuid,
    },
    /// Start a photo report for an accepted task.
    Report {
        /// The task.
        task: Uuid,
    },
    /// Send the report draft.
    ReportSend,
    /// Add a comment to the report draft.
    ReportComment,
    /// Pick a choice by index (a project's kind of volunteering, a language).
    Choose {
        /// The choice, from 0.
        index: u8,
    },
    /// The person shared a verified number that an unconfirmed app account lists: take it.
    TakeNumber,
    /// Write a task for this project.
    TaskProject {
        /// The project.
        project: Uuid,
    },
    /// The task goes to every member.
    TaskAll,
    /// Toggle a member as a recipient of the task.
    TaskMember {
        /// The member's account.
        account: Uuid,
    },
    /// The recipients are chosen.
    TaskDone,
    /// The task has no deadline.
    NoDeadline,
    /// Show a project's members.
    Members {
        /// The project.
        project: Uuid,
    },
    /// Confirm the step's summary.
    Confirm,
    /// Go back one step.
    Back,
    /// Cancel the dialogue.
    Cancel,
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
            Self::Page { page } => format!("{PREFIX}:pg:{page}"),
            Self::Choose { index } => format!("{PREFIX}:c:{index}"),
            Self::Project { project } => with_id("p", *project),
            Self::Join { project } => with_id("j", *project),
            Self::Leave { project } => with_id("l", *project),
            Self::Accept { task } => with_id("ta", *task),
            Self::Decline { task } => with_id("td", *task),
            Self::Report { task } => with_id("tr", *task),
            Self::TaskProject { project } => with_id("tp", *project),
            Self::TaskMember { account } => with_id("tm", *account),
            Self::Members { project } => with_id("mb", *project),
            Self::ReportSend => format!("{PREFIX}:rs"),
            Self::ReportComment => format!("{PREFIX}:rc"),
            Self::TakeNumber => format!("{PREFIX}:tn"),
            Self::TaskAll => format!("{PREFIX}:tall"),
            Self::TaskDone => format!("{PREFIX}:tok"),
            Self::NoDeadline => format!("{PREFIX}:nd"),
            Self::Confirm => format!("{PREFIX}:ok"),
            Self::Back => format!("{PREFIX}:b"),
            Self::Cancel => format!("{PREFIX}:x"),
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
            "pg" => Callback::Page {
                page: parts.next()?.parse().ok()?,
            },
            "c" => Callback::Choose {
                index: parts.next()?.parse().ok()?,
            },
            "p" => Callback::Project {
                project: id(&mut parts)?,
            },
            "j" => Callback::Join {
                project: id(&mut parts)?,
            },
            "l" => Callback::Leave {
                project: id(&mut parts)?,
            },
            "ta" => Callback::Accept {
                task: id(&mut parts)?,
            },
            "td" => Callback::Decline {
                task: id(&mut parts)?,
            },
            "tr" => Callback::Report {
                task: id(&mut parts)?,
            },
            "tp" => Callback::TaskProject {
                project: id(&mut parts)?,
            },
            "tm" => Callback::TaskMember {
                account: id(&mut parts)?,
            },
            "mb" => Callback::Members {
                project: id(&mut parts)?,
            },
            "rs" => Callback::ReportSend,
            "rc" => Callback::ReportComment,
            "tn" => Callback::TakeNumber,
            "tall" => Callback::TaskAll,
            "tok" => Callback::TaskDone,
            "nd" => Callback::NoDeadline,
            "ok" => Callback::Confirm,
            "b" => Callback::Back,
            "x" => Callback::Cancel,
            _ => return None,
        };
        parts.next().is_none().then_some(callback)
    }
}

fn with_id(verb: &str, id: Uuid) -> String {
    format!("{PREFIX}:{verb}:{}", compact::encode(id))
}

fn id<'a>(parts: &mut impl Iterator<Item = &'a str>) -> Option<Uuid> {
    compact::decode(parts.next()?)
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
        all.extend([
            Callback::Page { page: u16::MAX },
            Callback::Choose { index: u8::MAX },
            Callback::Project { project: report },
            Callback::Join { project: report },
            Callback::Leave { project: report },
            Callback::Accept { task: report },
            Callback::Decline { task: report },
            Callback::Report { task: report },
            Callback::TaskProject { project: report },
            Callback::TaskMember { account: report },
            Callback::Members { project: report },
            Callback::ReportSend,
            Callback::ReportComment,
            Callback::TakeNumber,
            Callback::TaskAll,
            Callback::TaskDone,
            Callback::NoDeadline,
            Callback::Confirm,
            Callback::Back,
            Callback::Cancel,
        ]);
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
