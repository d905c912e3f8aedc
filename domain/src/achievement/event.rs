//! Events of the `AchievementCatalogue` aggregate and the definition types they carry.

use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

/// A text in the three interface languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalisedText {
    /// Russian.
    pub ru: String,
    /// Kazakh.
    pub kk: String,
    /// English.
    pub en: String,
}

impl LocalisedText {
    /// Builds a text from its three translations.
    pub fn new(ru: &str, kk: &str, en: &str) -> Self {
        Self {
            ru: ru.to_owned(),
            kk: kk.to_owned(),
            en: en.to_owned(),
        }
    }
}

/// What unlocks an achievement (evaluated by the achievements projection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AchievementRule {
    /// The rating reaches `threshold`.
    Rating {
        /// Rating points needed.
        threshold: u32,
    },
    /// `count` reports have been approved.
    ApprovedReports {
        /// Approved reports needed.
        count: u32,
    },
    /// `count` projects have been joined (distinct projects).
    ProjectsJoined {
        /// Projects needed.
        count: u32,
    },
}

/// One achievement as defined in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AchievementDefinition {
    /// Stable slug (`first_report`).
    pub id: String,
    /// Display name.
    pub name: LocalisedText,
    /// What it takes.
    pub description: LocalisedText,
    /// Material icon name.
    pub icon: String,
    /// The unlock rule.
    pub rule: AchievementRule,
    /// Experience points it gives.
    pub xp: u32,
}

/// Everything that can happen to the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AchievementCatalogueEvent {
    /// An achievement was added to the catalogue.
    AchievementDefined {
        /// Stable slug.
        id: String,
        /// Display name.
        name: LocalisedText,
        /// What it takes.
        description: LocalisedText,
        /// Material icon name.
        icon: String,
        /// The unlock rule.
        rule: AchievementRule,
        /// Experience points it gives.
        xp: u32,
    },
}

impl DomainEvent for AchievementCatalogueEvent {
    fn event_type(&self) -> String {
        match self {
            Self::AchievementDefined { .. } => "AchievementDefined",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1.0".to_owned()
    }
}
