use std::collections::HashMap;
use std::time::Duration;

use super::*;

mod secrets;

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
