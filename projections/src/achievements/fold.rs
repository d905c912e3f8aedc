//! The in-memory fold of achievement changes: progress, catalogue and new unlocks.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AchievementDefinitionRow, Change, ProgressRow};

/// The rows a batch reads and writes, in memory.
pub(super) struct State {
    pub(super) catalogue: Vec<AchievementDefinitionRow>,
    pub(super) progress: HashMap<Uuid, ProgressRow>,
    pub(super) unlocked: HashSet<(Uuid, String)>,
    /// Catalogue ids defined (or redefined) in this batch.
    pub(super) defined: HashSet<String>,
    /// Accounts whose progress changed in this batch.
    pub(super) touched: HashSet<Uuid>,
    /// New unlocks: `(account, achievement, at, position)`.
    pub(super) unlocks: Vec<(Uuid, String, DateTime<Utc>, i64)>,
}

impl State {
    pub(super) fn fold(&mut self, change: Change, at: DateTime<Utc>, position: i64) {
        let account = match change {
            Change::Define(mut definition) => {
                self.defined.insert(definition.id.clone());
                let index = match self.catalogue.iter().position(|d| d.id == definition.id) {
                    Some(index) => {
                        // a redefinition keeps its place in the catalogue
                        definition.position = self.catalogue[index].position;
                        self.catalogue[index] = definition;
                        index
                    }
                    None => {
                        self.catalogue.push(definition);
                        self.catalogue.len() - 1
                    }
                };
                let mut accounts: Vec<Uuid> = self.progress.keys().copied().collect();
                accounts.sort_unstable();
                for account in accounts {
                    self.check(account, index, at, position);
                }
                return;
            }
            Change::Rating(account, rating) => {
                self.entry(account).rating = rating;
                account
            }
            Change::ReportApproved(account) => {
                self.entry(account).approved_reports += 1;
                account
            }
            Change::Joined(account, project) => {
                let progress = self.entry(account);
                if !progress.joined_projects.contains(&project) {
                    progress.joined_projects.push(project);
                    progress.projects_joined += 1;
                }
                account
            }
        };
        for index in 0..self.catalogue.len() {
            self.check(account, index, at, position);
        }
    }

    fn entry(&mut self, account: Uuid) -> &mut ProgressRow {
        self.touched.insert(account);
        self.progress
            .entry(account)
            .or_insert_with(|| ProgressRow::new(account))
    }

    /// Unlocks catalogue entry `index` for `account` if its rule is met and it is still locked.
    fn check(&mut self, account: Uuid, index: usize, at: DateTime<Utc>, position: i64) {
        let definition = &self.catalogue[index];
        let Some(progress) = self.progress.get(&account) else {
            return;
        };
        if definition.met_by(progress) && self.unlocked.insert((account, definition.id.clone())) {
            self.unlocks
                .push((account, definition.id.clone(), at, position));
        }
    }
}
