//! The audit endpoints against the real server: the NDJSON lines equal the export's, proofs
//! verify against the signed roots, the public key and checkpoints, and who may read what.

use birqadam_audit::tree::{verify_consistency, verify_inclusion};
use birqadam_audit::{Checkpoint, Hash, VerifierKey, leaf_hash};
use serde_json::{Value, json};

use super::support::{app_without_audit_workers, export, lines, sign, signed_log};
use super::support::{synthetic_events, tree_caught_up};
use crate::helpers::TestApp;
use crate::helpers::fixtures::Session;
use crate::helpers::requests::{assert_field_error, assert_problem};

/// A volunteer the admin made an auditor.
pub async fn auditor(app: &TestApp, admin: &Session) -> Session {
    let auditor = app.volunteer("Аудитор").await;
    let granted = app
        .post(
            &format!("/api/v1/admin/accounts/{}/roles", auditor.id),
            &json!({"add": ["auditor"]}),
            Some(&admin.token),
        )
        .await;
    assert_eq!(granted.status, 200, "{:?}", granted.json);
    auditor
}

fn hashes(value: &Value) -> Vec<Hash> {
    value
        .as_array()
        .expect("a list of hashes")
        .iter()
        .map(|h| Hash::from_base64(h.as_str().expect("base64")).expect("a hash"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_events_endpoint_sends_the_exports_lines_byte_for_byte() {
    // more lines than one read of the stream (500), so the body spans several chunks
    let app = app_without_audit_workers().await;
    let admin = app.admin().await;
    let auditor = auditor(&app, &admin).await;
    let signed = signed_log(&app, 1100).await;
    let export = export(&app, "log.ndjson", None).await;
    let all = lines(&export.bytes());
    assert_eq!(all.len() as u64, signed.size);

    let whole = app
        .get("/api/v1/audit/events?limit=10000", Some(&auditor.token))
        .await;
    let middle = app
        .get("/api/v1/audit/events?after=4&limit=7", Some(&admin.token))
        .await;
    let across = app
        .get(
            "/api/v1/audit/events?after=495&limit=600",
            Some(&admin.token),
        )
        .await;
    let default = app.get("/api/v1/audit/events", Some(&auditor.token)).await;
    let past_the_end = app
        .get(
            &format!("/api/v1/audit/events?after={}", signed.size - 1),
            Some(&auditor.token),
        )
        .await;

    assert_eq!(whole.status, 200, "{:?}", whole.json);
    assert_eq!(
        whole.headers["content-type"].to_str().expect("ascii"),
        "application/x-ndjson"
    );
    assert_eq!(lines(&whole.bytes), all);
    assert_eq!(lines(&middle.bytes), all[5..12].to_vec());
    assert_eq!(lines(&across.bytes), all[496..1096].to_vec());
    assert_eq!(lines(&default.bytes), all[..1000].to_vec());
    assert_eq!(
        (past_the_end.status.as_u16(), past_the_end.bytes.len()),
        (200, 0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_auditors_and_admins_read_the_events_and_bad_limits_are_refused() {
    let app = app_without_audit_workers().await;
    let admin = app.admin().await;
    let volunteer = app.volunteer("Ержан").await;

    let by_volunteer = app
        .get("/api/v1/audit/events", Some(&volunteer.token))
        .await;
    let anonymous = app.get("/api/v1/audit/events", None).await;
    let too_many = app
        .get("/api/v1/audit/events?limit=10001", Some(&admin.token))
        .await;
    let zero = app
        .get("/api/v1/audit/events?limit=0", Some(&admin.token))
        .await;
    let not_a_number = app
        .get("/api/v1/audit/events?after=x", Some(&admin.token))
        .await;
    let verify = app
        .get("/api/v1/audit/verify", Some(&volunteer.token))
        .await;
    let proof = app
        .get(
            "/api/v1/audit/proof/inclusion?position=0&size=1",
            Some(&volunteer.token),
        )
        .await;

    assert_problem(&by_volunteer, 403, "forbidden");
    assert_eq!(anonymous.status, 401);
    assert_field_error(&too_many, "limit", "out_of_range");
    assert_field_error(&zero, "limit", "out_of_range");
    assert_eq!(not_a_number.status, 400, "{:?}", not_a_number.json);
    assert_eq!(verify.status, 403);
    assert_eq!(proof.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_and_checkpoints_are_public_and_the_checkpoint_is_404_before_the_first() {
    let app = app_without_audit_workers().await;
    let before = app.get("/api/v1/audit/checkpoint", None).await;
    let first = signed_log(&app, 3).await;
    synthetic_events(&app, 4).await;
    tree_caught_up(&app).await;
    let second = sign(&app).await;

    let key = app.get("/api/v1/audit/key", None).await;
    let latest = app.get("/api/v1/audit/checkpoint", None).await;
    let list = app.get("/api/v1/audit/checkpoints", None).await;
    let after_first = app
        .get(
            &format!("/api/v1/audit/checkpoints?after_size={}", first.size),
            None,
        )
        .await;

    assert_problem(&before, 404, "not_found");
    assert_eq!(key.status, 200);
    let key_text = String::from_utf8(key.bytes).expect("utf-8");
    let verifier = VerifierKey::parse(key_text.trim()).expect("a verifier key");
    assert_eq!(latest.status, 200);
    let opened = Checkpoint::open(&latest.bytes, &verifier).expect("signed by the key");
    assert_eq!((opened.size, opened.root), (second.size, second.root));
    assert_eq!(
        list.json,
        json!([{"size": first.size, "note": first.note}, {"size": second.size, "note": second.note}])
    );
    assert_eq!(
        after_first.json,
        json!([{"size": second.size, "note": second.note}])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inclusion_and_consistency_proofs_verify_against_the_signed_roots() {
    let app = app_without_audit_workers().await;
    let admin = app.admin().await;
    let auditor = auditor(&app, &admin).await;
    let first = signed_log(&app, 9).await;
    synthetic_events(&app, 13).await;
    tree_caught_up(&app).await;
    let second = sign(&app).await;
    let export = export(&app, "log.ndjson", None).await;
    let all = lines(&export.bytes());

    for position in [0, 3, first.size - 1, second.size - 1] {
        let reply = app
            .get(
                &format!(
                    "/api/v1/audit/proof/inclusion?position={position}&size={}",
                    second.size
                ),
                Some(&auditor.token),
            )
            .await;
        assert_eq!(reply.status, 200, "{:?}", reply.json);
        let line = &all[position as usize];
        let leaf = leaf_hash(&line[..line.len() - 1]);
        assert_eq!(reply.json["leaf_hash"], leaf.to_base64());
        assert_eq!(reply.json["position"], position);
        let proof = hashes(&reply.json["hashes"]);
        verify_inclusion(position, second.size, &leaf, &proof, &second.root)
            .expect("the inclusion proof verifies");
    }
    let reply = app
        .get(
            &format!(
                "/api/v1/audit/proof/consistency?from={}&to={}",
                first.size, second.size
            ),
            Some(&auditor.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(
        (reply.json["from"].as_u64(), reply.json["to"].as_u64()),
        (Some(first.size), Some(second.size))
    );
    let proof = hashes(&reply.json["hashes"]);
    verify_consistency(first.size, second.size, &proof, &first.root, &second.root)
        .expect("the consistency proof verifies");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proofs_outside_the_tree_are_refused_with_422() {
    let app = app_without_audit_workers().await;
    let admin = app.admin().await;
    let signed = signed_log(&app, 2).await;
    let n = signed.size;

    let cases = [
        (format!("inclusion?position={n}&size={n}"), "position"),
        (format!("inclusion?position=0&size={}", n + 1), "size"),
        ("inclusion?position=0&size=0".to_owned(), "size"),
        (format!("consistency?from=0&to={n}"), "from"),
        (format!("consistency?from={n}&to={}", n - 1), "from"),
        (format!("consistency?from=1&to={}", n + 1), "to"),
    ];
    for (query, field) in cases {
        let reply = app
            .get(&format!("/api/v1/audit/proof/{query}"), Some(&admin.token))
            .await;
        assert_field_error(&reply, field, "out_of_range");
    }
    let missing = app
        .get(
            "/api/v1/audit/proof/inclusion?position=1",
            Some(&admin.token),
        )
        .await;
    assert_eq!(missing.status, 400, "{:?}", missing.json);
}
