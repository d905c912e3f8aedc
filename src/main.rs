//! The one binary: parses the command line and hands over to the library.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    let cli = birqadam::cli::Cli::parse();
    birqadam::run(cli).await
}
