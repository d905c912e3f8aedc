//! Commands of the `AchievementCatalogue` aggregate.

use super::AchievementDefinition;

/// What can be asked of the catalogue.
#[derive(Debug, Clone)]
pub enum AchievementCatalogueCommand {
    /// Define every achievement whose id is not defined yet (idempotent; run at every start).
    Seed {
        /// The wanted definitions.
        definitions: Vec<AchievementDefinition>,
    },
}
