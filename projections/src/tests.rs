//! Database tests (real PostgreSQL, one fresh database each). Visibility waits on every open
//! transaction of the cluster, so tests poll with a bound instead of asserting at once.

mod catchup;
mod log_reader;
mod queries;
mod rebuild;
mod runner;
mod support;
