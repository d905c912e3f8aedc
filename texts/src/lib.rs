//! The texts people read, in Russian (the default), Kazakh and English: the titles of problem codes,
//! the messages of field-error codes and what notifications say. The REST API, the Telegram bot and the notifier all take
//! their words from here, so a code reads the same in every channel; what a code *means* to a
//! channel (an HTTP status, a reply keyboard) stays in that adapter. Static tables: adding a code is
//! one line. This crate depends only on `domain` (for [`Language`]), never on an adapter.

mod bot;
mod fields;
mod notifications;
mod problems;

pub use birqadam_domain::values::Language;
pub use bot::{BOT_TEXTS, bot_text, bot_text_with};
pub use fields::{FIELD_MESSAGES, field_message};
pub use notifications::{NOTIFICATION_TEXTS, notification_text};
pub use problems::{PROBLEM_TITLES, problem_title};

/// One code and its text in ru, kk, en.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The stable code, e.g. `report.already_moderated` or `required`.
    pub code: &'static str,
    /// Russian, Kazakh, English.
    pub texts: [&'static str; 3],
}

impl Entry {
    /// The text in `language`.
    pub fn text(&self, language: Language) -> &'static str {
        self.texts[match language {
            Language::Ru => 0,
            Language::Kk => 1,
            Language::En => 2,
        }]
    }
}

/// An entry (for the tables).
pub(crate) const fn t(
    code: &'static str,
    ru: &'static str,
    kk: &'static str,
    en: &'static str,
) -> Entry {
    Entry {
        code,
        texts: [ru, kk, en],
    }
}

fn find(table: &'static [Entry], code: &str) -> Option<&'static Entry> {
    table.iter().find(|e| e.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_well_formed(table: &[Entry]) {
        for (i, e) in table.iter().enumerate() {
            assert!(
                table[i + 1..].iter().all(|o| o.code != e.code),
                "duplicate {}",
                e.code
            );
            assert!(e.texts.iter().all(|t| !t.trim().is_empty()), "{}", e.code);
        }
    }

    #[test]
    fn tables_have_unique_codes_and_every_language() {
        assert_well_formed(PROBLEM_TITLES);
        assert_well_formed(FIELD_MESSAGES);
        assert_well_formed(BOT_TEXTS);
        assert_well_formed(NOTIFICATION_TEXTS);
    }

    #[test]
    fn texts_follow_the_language() {
        assert_eq!(problem_title("not_found", Language::Ru), Some("Не найдено"));
        assert_eq!(problem_title("not_found", Language::Kk), Some("Табылмады"));
        assert_eq!(problem_title("not_found", Language::En), Some("Not found"));
        assert_eq!(problem_title("no.such_code", Language::En), None);
        assert_eq!(field_message("required", Language::Kk), "Міндетті өріс");
        assert_eq!(field_message("no_such_code", Language::En), "Invalid value");
    }
}
