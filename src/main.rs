//! The one binary: parses the command line and hands over to the library.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    // aws-lc-rs (S3 client) and ring (sqlx, reqwest) are both compiled into rustls: pick one, or the
    // first TLS client built without an explicit provider panics.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = birqadam::cli::Cli::parse();
    birqadam::run(cli).await
}
