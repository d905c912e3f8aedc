use serde_json::json;

use super::*;

fn error(status: u16, code: &str, message: &str, details: Value) -> Value {
    json!({"error": {"code": status, "message": message, "status": code, "details": details}})
}

fn fcm_detail(code: &str) -> Value {
    json!([{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": code}])
}

#[test]
fn dead_tokens_are_told_apart_from_payload_errors() {
    let unregistered = error(
        404,
        "NOT_FOUND",
        "Requested entity was not found.",
        fcm_detail("UNREGISTERED"),
    );
    assert!(matches!(
        classify(404, None, &unregistered),
        Err(FcmError::DeadToken(_))
    ));
    let mismatch = error(
        403,
        "PERMISSION_DENIED",
        "SenderId mismatch",
        fcm_detail("SENDER_ID_MISMATCH"),
    );
    assert!(matches!(
        classify(403, None, &mismatch),
        Err(FcmError::DeadToken(_))
    ));
    let invalid_token = error(
        400,
        "INVALID_ARGUMENT",
        "The registration token is not a valid FCM registration token",
        fcm_detail("INVALID_ARGUMENT"),
    );
    assert!(matches!(
        classify(400, None, &invalid_token),
        Err(FcmError::DeadToken(_))
    ));
    let payload = error(
        400,
        "INVALID_ARGUMENT",
        "Invalid value at 'message.data[0].value' (TYPE_STRING), 12",
        json!([{"@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": "message.data[0].value", "description": "Invalid value"}]}]),
    );
    assert!(matches!(
        classify(400, None, &payload),
        Err(FcmError::Payload(_))
    ));
}

#[test]
fn overload_and_server_errors_are_retried_after_retry_after() {
    let unavailable = error(503, "UNAVAILABLE", "try later", fcm_detail("UNAVAILABLE"));
    assert_eq!(
        classify(503, Some(Duration::from_secs(7)), &unavailable).map_err(|e| match e {
            FcmError::Retry(after, _) => after,
            _ => None,
        }),
        Err(Some(Duration::from_secs(7)))
    );
    let quota = error(
        429,
        "RESOURCE_EXHAUSTED",
        "quota",
        fcm_detail("QUOTA_EXCEEDED"),
    );
    assert!(matches!(
        classify(429, None, &quota),
        Err(FcmError::Retry(None, _))
    ));
    let third = error(
        401,
        "UNAUTHENTICATED",
        "apns",
        fcm_detail("THIRD_PARTY_AUTH_ERROR"),
    );
    assert!(matches!(
        classify(401, None, &third),
        Err(FcmError::Config(_))
    ));
    assert_eq!(
        classify(200, None, &json!({"name": "projects/p/messages/1"})),
        Ok(())
    );
}

#[test]
fn a_message_carries_string_data_and_the_collapse_tag_on_both_platforms() {
    let data: BTreeMap<String, String> = [("type".to_owned(), "task_offered".to_owned())].into();
    let body = message(&Push {
        token: "t",
        title: "T",
        body: "B",
        data: &data,
        tag: "abc",
    });
    assert_eq!(body["message"]["data"]["type"], "task_offered");
    assert_eq!(body["message"]["android"]["notification"]["tag"], "abc");
    assert_eq!(
        body["message"]["apns"]["headers"]["apns-collapse-id"],
        "abc"
    );
}

#[test]
fn no_kind_can_put_a_non_string_value_into_a_pushs_data() {
    use crate::kind::Kind;
    use crate::render::{Markup, push_data, render};
    use crate::store::Subjects;
    use birqadam_domain::values::Language;

    // every param any mapping writes, with values that look like numbers and booleans
    let params: BTreeMap<String, String> = [
        "task_id",
        "project_id",
        "report_id",
        "volunteer_id",
        "achievement_id",
        "stars",
        "photos",
        "comment",
        "reason",
    ]
    .into_iter()
    .map(|k| {
        (
            k.to_owned(),
            if k == "stars" {
                "5".to_owned()
            } else {
                "true".to_owned()
            },
        )
    })
    .collect();
    for kind in Kind::ALL {
        let rendered = render(
            kind,
            &params,
            &Subjects::default(),
            Language::Kk,
            Markup::Plain,
        );
        let data = push_data(kind, &params, &rendered);
        let body = message(&Push {
            token: "t",
            title: &rendered.title,
            body: &rendered.body,
            data: &data,
            tag: "tag",
        });
        let sent = body["message"]["data"].as_object().expect("a data object");
        assert!(sent.values().all(Value::is_string), "{kind:?}: {sent:?}");
        assert_eq!(sent["type"], kind.as_str());
        assert!(sent.contains_key("title") && sent.contains_key("body"));
        assert!(body.to_string().len() < 4096, "{kind:?} is over FCM's 4 KB");
    }
}
