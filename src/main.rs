//! The one binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    // aws-lc-rs (S3 client) and ring (sqlx, reqwest) are both compiled into rustls: pick one, or the
    // first TLS client built without an explicit provider panics.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = birqadam::cli::Cli::parse();
    match birqadam::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // the whole cause chain on one line, never a backtrace: this is what operators and
            // auditors read
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
