//! Process-wide tracing: JSON logs in production (or with `LOG_FORMAT=json`), pretty otherwise;
//! `RUST_LOG` overrides the default filter. Initialising twice is harmless (the second is ignored).

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// Installs the global subscriber once per process; `default_filter` applies when `RUST_LOG` is unset.
pub fn init(default_filter: &str) {
    let json = std::env::var("APP_ENV").is_ok_and(|v| v == "production")
        || std::env::var("LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    install(default_filter, json, std::io::stdout);
}

fn install<W>(default_filter: &str, json: bool, writer: W)
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    // try_init fails only when a global subscriber is already set: then keep the first one.
    let _ = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}
