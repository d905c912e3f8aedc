use std::collections::HashMap;
use std::time::Duration;

use super::*;

fn load(vars: &[(&str, &str)]) -> anyhow::Result<Settings> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Settings::from_lookup(|name| map.get(name).cloned())
}

#[test]
fn defaults_are_the_documented_ones() {
    let s = load(&[]).expect("defaults load");
    assert_eq!(s.http_addr, "127.0.0.1:8080");
    assert_eq!(s.app_env, AppEnv::Development);
    assert_eq!(s.jwt_secret.expose(), DEV_JWT_SECRET);
    assert!(s.rate_limits);
    assert!(s.cors_origins.is_empty());
    assert_eq!(s.request_timeout, Duration::from_secs(30));
    assert_eq!(s.access_token_ttl, Duration::from_secs(900));
    assert_eq!(s.refresh_token_ttl, Duration::from_secs(30 * 86_400));
    assert_eq!(
        s.argon2,
        Argon2Params {
            memory_kib: 19_456,
            iterations: 2,
            parallelism: 1
        }
    );
    assert_eq!(s.read_your_writes_timeout, Duration::from_millis(3000));
    assert!(s.database_url.is_none());
}

type Case<'a> = (&'a [(&'a str, &'a str)], Option<&'a str>);

#[test]
fn production_refuses_a_missing_default_or_short_jwt_secret() {
    let long = "x".repeat(MIN_JWT_SECRET_BYTES);
    let short = "x".repeat(MIN_JWT_SECRET_BYTES - 1);
    let cases: &[Case] = &[
        (&[("APP_ENV", "production")], Some("JWT_SECRET must be set")),
        (
            &[("APP_ENV", "production"), ("JWT_SECRET", DEV_JWT_SECRET)],
            Some("development default"),
        ),
        (
            &[("APP_ENV", "production"), ("JWT_SECRET", &short)],
            Some("at least 32 bytes"),
        ),
        (&[("APP_ENV", "production"), ("JWT_SECRET", &long)], None),
        (&[("APP_ENV", "development")], None),
        (&[("APP_ENV", "staging")], Some("APP_ENV")),
    ];
    for (vars, expected) in cases {
        match (load(vars), expected) {
            (Ok(_), None) => {}
            (Err(e), Some(part)) => assert!(format!("{e:#}").contains(part), "{vars:?}: {e:#}"),
            (Ok(_), Some(part)) => panic!("{vars:?} should fail with {part}"),
            (Err(e), None) => panic!("{vars:?} should load: {e:#}"),
        }
    }
}

#[test]
fn a_bad_value_is_an_error_naming_the_variable() {
    let cases = [
        ("REQUEST_TIMEOUT_SECS", "thirty"),
        ("REQUEST_TIMEOUT_SECS", "0"),
        ("ACCESS_TOKEN_TTL_SECS", "-1"),
        ("REFRESH_TOKEN_TTL_DAYS", "1.5"),
        ("ARGON2_MEMORY_KIB", "lots"),
        ("ARGON2_ITERATIONS", "99999999999"),
        ("READ_YOUR_WRITES_TIMEOUT_MS", "soon"),
        ("RATE_LIMITS", "maybe"),
    ];
    for (name, value) in cases {
        let err = load(&[(name, value)]).expect_err("bad value must fail");
        assert!(format!("{err:#}").contains(name), "{name}={value}: {err:#}");
    }
}

#[test]
fn lists_and_switches_are_parsed() {
    let s = load(&[
        ("CORS_ORIGINS", "https://a.kz, https://b.kz,,"),
        ("RATE_LIMITS", "off"),
    ])
    .expect("valid");
    assert_eq!(s.cors_origins, ["https://a.kz", "https://b.kz"]);
    assert!(!s.rate_limits);
}

#[test]
fn secrets_are_redacted_in_debug_output() {
    let s = load(&[
        ("JWT_SECRET", "super-secret-value"),
        ("DATABASE_URL", "postgres://u:pw@h/db"),
    ])
    .expect("valid");
    let debug = format!("{s:?}");
    assert!(
        !debug.contains("super-secret-value") && !debug.contains("pw@h"),
        "{debug}"
    );
}

#[test]
fn the_bot_runs_only_with_a_token_and_polls_unless_a_webhook_is_configured() {
    assert!(load(&[]).expect("defaults").bot().is_none());
    let polling = load(&[("TELEGRAM_BOT_TOKEN", "1:abc")])
        .expect("a token")
        .bot();
    let polling = polling.expect("the bot's settings");
    assert_eq!(polling.token, "1:abc");
    assert_eq!(
        polling.mode,
        birqadam_bot::UpdateMode::Polling {
            timeout: Duration::from_secs(10)
        }
    );
    let webhook = load(&[
        ("TELEGRAM_BOT_TOKEN", "1:abc"),
        (
            "TELEGRAM_WEBHOOK_URL",
            "https://bot.birqadam.kz/telegram/hook",
        ),
        ("TELEGRAM_WEBHOOK_SECRET", "s3cret_token-1"),
    ])
    .expect("a webhook")
    .bot()
    .expect("the bot's settings");
    assert!(matches!(
        webhook.mode,
        birqadam_bot::UpdateMode::Webhook { .. }
    ));
}

#[test]
fn a_webhook_needs_a_secret_token_of_telegrams_alphabet() {
    let url = ("TELEGRAM_WEBHOOK_URL", "https://bot.birqadam.kz/hook");
    assert!(load(&[url]).is_err(), "no secret");
    assert!(load(&[url, ("TELEGRAM_WEBHOOK_SECRET", "has space")]).is_err());
    assert!(load(&[url, ("TELEGRAM_WEBHOOK_SECRET", "ok_Secret-9")]).is_ok());
}

#[test]
fn the_photo_url_key_is_its_own_setting_or_derived_from_the_jwt_secret_and_never_printed() {
    let long = "k".repeat(MIN_JWT_SECRET_BYTES);
    let jwt = "j".repeat(MIN_JWT_SECRET_BYTES);
    let derived = load(&[("JWT_SECRET", &jwt)]).expect("loads").http();
    let other_jwt = load(&[("JWT_SECRET", &long)]).expect("loads").http();
    let own = load(&[("JWT_SECRET", &jwt), ("PHOTO_URL_SECRET", &long)])
        .expect("loads")
        .http();
    let short_in_production = load(&[
        ("APP_ENV", "production"),
        ("JWT_SECRET", &jwt),
        ("PHOTO_URL_SECRET", "short"),
    ]);

    assert_eq!(own.photo_url_secret.expose(), long.as_bytes());
    assert_ne!(derived.photo_url_secret.expose(), jwt.as_bytes());
    assert_eq!(derived.photo_url_secret.expose().len(), 32);
    assert_ne!(derived.photo_url_secret, other_jwt.photo_url_secret);
    assert!(!format!("{own:?}").contains(&long), "{own:?}");
    let error = short_in_production.expect_err("a short key is refused in production");
    assert!(
        format!("{error:#}").contains("PHOTO_URL_SECRET"),
        "{error:#}"
    );
}
