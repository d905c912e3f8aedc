//! Database tests (real PostgreSQL, one fresh database each). Visibility waits on every open
//! transaction of the cluster, so tests poll with a bound instead of asserting at once.

mod achievements;
mod audit_tree;
mod catalogue_story;
mod catchup;
mod core_loop;
mod horizon;
mod horizon_names;
mod leaderboard;
mod log_plans;
mod log_reader;
mod names;
mod queries;
mod rank_index;
mod rebuild;
mod rebuild_core;
mod rebuild_groups;
mod runner;
mod story;
mod support;
mod together;
