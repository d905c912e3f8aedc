//! The settings that hold secrets or switch the bot on: redaction, the bot's token and
//! webhook, the photo URL key.

use super::*;

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
