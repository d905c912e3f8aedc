use serde_json::json;

use super::*;

#[test]
fn telegrams_answers_are_classified() {
    assert_eq!(classify(200, &json!({"ok": true, "result": {}})), Ok(()));
    assert_eq!(
        classify(
            429,
            &json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 2",
                    "parameters": {"retry_after": 2}})
        ),
        Err(TelegramError::RetryAfter(Duration::from_secs(2)))
    );
    for blocked in [
        "Forbidden: bot was blocked by the user",
        "Forbidden: user is deactivated",
        "Forbidden: bot can't initiate conversation with a user",
    ] {
        let answer = json!({"ok": false, "error_code": 403, "description": blocked});
        assert_eq!(
            classify(403, &answer),
            Err(TelegramError::Unreachable(blocked.to_owned()))
        );
    }
    let gone = json!({"ok": false, "description": "Bad Request: chat not found"});
    assert!(matches!(
        classify(400, &gone),
        Err(TelegramError::Unreachable(_))
    ));
    let bad = json!({"ok": false, "description": "Bad Request: can't parse entities"});
    assert!(matches!(
        classify(400, &bad),
        Err(TelegramError::Rejected(_))
    ));
    assert!(matches!(
        classify(502, &serde_json::Value::Null),
        Err(TelegramError::Transient(_))
    ));
}
