//! The audit log end to end: the tree and the signed checkpoints as `serve` runs them, the
//! export, the offline `verify-export` against every kind of tampering, and the Python verifier
//! of `docs/` agreeing with it.

mod checkpoints;
mod db_verify;
mod export;
mod http;
mod incremental;
mod mutations;
mod periods;
mod python;
mod random_mutations;
mod receipts;
mod replay;
mod seeded;
mod statement;
mod support;
mod verify;
