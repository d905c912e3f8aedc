//! Command-line interface of the one binary.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// BirQadam backend: an event-sourced volunteer clean-up platform.
#[derive(Debug, Parser)]
#[command(name = "birqadam", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the API, projectors and process managers (default local PostgreSQL without DATABASE_URL).
    Serve,
    /// Run the Telegram bot alone (long polling; needs TELEGRAM_BOT_TOKEN and DATABASE_URL).
    Bot,
    /// Run only the notifier (its log consumer and senders), until Ctrl-C/SIGTERM.
    Notify,
    /// Apply database migrations and exit.
    Migrate,
    /// Start (installing if needed) the local PostgreSQL under DATA_DIR and print its URL.
    LocalDb {
        /// Trade durability for speed (tests).
        #[arg(long)]
        fast: bool,
        /// Drop databases left behind by earlier test runs (names starting with `t_`).
        #[arg(long)]
        drop_test_databases: bool,
    },
    /// Fill the database with demo accounts, projects, tasks and reports (prints credentials).
    SeedDemo,
    /// Operator commands for accounts.
    Admin {
        /// What to do.
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Read-model maintenance.
    Projections {
        /// What to do.
        #[command(subcommand)]
        command: ProjectionsCommand,
    },
    /// The audit log: export it, print its key, verify exports and receipts offline.
    Audit {
        /// What to do.
        #[command(subcommand)]
        command: AuditCommand,
    },
}

/// `birqadam audit …`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Write the log's NDJSON lines to FILE and the signed checkpoint covering them to
    /// FILE.checkpoint (needs the database).
    Export {
        /// Only the events after this position.
        #[arg(long)]
        after: Option<u64>,
        /// The export file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the log's public key (signed-note verifier-key format).
    Key,
    /// Check the stored log (needs the database): re-encode every event and compare it with its
    /// leaf, recompute the tree, check every stored signed checkpoint; exit 1 on any finding.
    Verify {
        /// Check the checkpoints with this verifier key instead of the operator's own.
        #[arg(long)]
        key: Option<String>,
    },
    /// Verify an export and FILE.checkpoint offline; with held checkpoints, prove the log only grew.
    VerifyExport {
        /// The export file (FILE.checkpoint must be next to it).
        file: PathBuf,
        /// The log's verifier key, as `birqadam audit key` prints it.
        #[arg(long)]
        key: String,
        /// A file holding a signed checkpoint received earlier (repeatable).
        #[arg(long = "checkpoint", conflicts_with = "since")]
        checkpoints: Vec<PathBuf>,
        /// Incremental: the checkpoint held from the last audit; FILE then holds only the events
        /// after it (`export --after SIZE-1`) and FILE.frontier the compact range before them.
        #[arg(long)]
        since: Option<PathBuf>,
    },
    /// Recompute every rating, rating history, achievement and board from an export alone; with
    /// --compare, diff them against the live views of DATABASE_URL (exit 1 on any difference).
    Replay {
        /// The export file (from position 0).
        file: PathBuf,
        /// Diff against the live views of the database.
        #[arg(long)]
        compare: bool,
    },
    /// Verify a receipt file offline.
    VerifyReceipt {
        /// The receipt file.
        file: PathBuf,
        /// The log's verifier key.
        #[arg(long)]
        key: String,
    },
}

/// `birqadam admin …`
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an admin account, or make the owner of the e-mail an admin (idempotent).
    Create {
        /// E-mail (login).
        #[arg(long)]
        email: String,
        /// Password (at least 8 characters).
        #[arg(long)]
        password: String,
        /// Display name.
        #[arg(long)]
        name: String,
    },
}

/// `birqadam projections …`
#[derive(Debug, Subcommand)]
pub enum ProjectionsCommand {
    /// Rebuild one view (or all) from position zero into a shadow table, then swap it in.
    Rebuild {
        /// The projector name; all when omitted.
        name: Option<String>,
    },
    /// List every log consumer (views and process managers) with its checkpoint.
    Status,
}
