//! The `AchievementCatalogue` aggregate: achievement definitions, recorded as events so that a
//! replay of the log unlocks exactly the same achievements. Unlocks themselves are a projection.

mod catalogue;
mod command;
mod error;
mod event;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::{self, FieldError, INVALID, OUT_OF_RANGE};

pub use catalogue::default_catalogue;
pub use command::AchievementCatalogueCommand;
pub use error::AchievementCatalogueError;
pub use event::{AchievementCatalogueEvent, AchievementDefinition, AchievementRule, LocalisedText};

/// The one catalogue stream (fixed forever).
pub const CATALOGUE_ID: Uuid = Uuid::from_u128(0x6b1f_4c1e_8a3e_4f0a_9d2b_61a0_5e7c_ca7a);

/// State of the catalogue, folded from its events.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AchievementCatalogue {
    definitions: BTreeMap<String, AchievementDefinition>,
}

impl AchievementCatalogue {
    /// Every definition, by id.
    pub fn definitions(&self) -> &BTreeMap<String, AchievementDefinition> {
        &self.definitions
    }

    /// One definition.
    pub fn get(&self, id: &str) -> Option<&AchievementDefinition> {
        self.definitions.get(id)
    }
}

fn check(definition: &AchievementDefinition) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let slug = &definition.id;
    let valid_slug = !slug.is_empty()
        && slug.len() <= 64
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid_slug {
        errors.push(("id", INVALID));
    }
    for (field, text) in [
        ("name", &definition.name),
        ("description", &definition.description),
    ] {
        for value in [&text.ru, &text.kk, &text.en] {
            validation::text(&mut errors, field, value, 500);
        }
    }
    validation::text(&mut errors, "icon", &definition.icon, 64);
    let (AchievementRule::Rating { threshold: n }
    | AchievementRule::ApprovedReports { count: n }
    | AchievementRule::ProjectsJoined { count: n }) = definition.rule;
    if n == 0 {
        errors.push(("rule", OUT_OF_RANGE));
    }
    errors.dedup();
    errors
}

impl Aggregate for AchievementCatalogue {
    const TYPE: &'static str = "AchievementCatalogue";
    type Command = AchievementCatalogueCommand;
    type Event = AchievementCatalogueEvent;
    type Error = AchievementCatalogueError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let AchievementCatalogueCommand::Seed { definitions } = command;
        for definition in &definitions {
            let errors = check(definition);
            if !errors.is_empty() {
                return Err(AchievementCatalogueError::Invalid(errors));
            }
        }
        for definition in definitions {
            if self.definitions.contains_key(&definition.id) {
                continue;
            }
            let AchievementDefinition {
                id,
                name,
                description,
                icon,
                rule,
                xp,
            } = definition;
            let event = AchievementCatalogueEvent::AchievementDefined {
                id,
                name,
                description,
                icon,
                rule,
                xp,
            };
            sink.write(event, self).await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let AchievementCatalogueEvent::AchievementDefined {
            id,
            name,
            description,
            icon,
            rule,
            xp,
        } = event;
        let definition = AchievementDefinition {
            id: id.clone(),
            name,
            description,
            icon,
            rule,
            xp,
        };
        self.definitions.insert(id, definition);
    }
}
