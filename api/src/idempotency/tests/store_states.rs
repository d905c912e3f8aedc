//! The key store's states: in progress, a mismatched body, an abandoned run and the purge.

use super::*;

#[tokio::test]
async fn the_store_reports_in_progress_mismatch_abandon_and_purge() {
    let pool = fresh_pool().await;
    assert_eq!(
        store::begin(&pool, "anon", "k", b"h1")
            .await
            .expect("begin"),
        Begin::Fresh
    );
    assert_eq!(
        store::begin(&pool, "anon", "k", b"h1")
            .await
            .expect("begin"),
        Begin::InProgress
    );
    assert_eq!(
        store::begin(&pool, "anon", "k", b"h2")
            .await
            .expect("begin"),
        Begin::Mismatch
    );
    store::abandon(&pool, "anon", "k").await.expect("abandon");
    assert_eq!(
        store::begin(&pool, "anon", "k", b"h2")
            .await
            .expect("begin"),
        Begin::Fresh
    );
    store::complete(&pool, "anon", "k", 201, Some("application/json"), b"{}")
        .await
        .expect("complete");
    let replay = Begin::Replay {
        status: 201,
        content_type: Some("application/json".to_owned()),
        body: b"{}".to_vec(),
    };
    assert_eq!(
        store::begin(&pool, "anon", "k", b"h2")
            .await
            .expect("begin"),
        replay
    );
    assert_eq!(
        store::purge_older_than(&pool, Duration::from_secs(3600))
            .await
            .expect("purge"),
        0
    );
    assert_eq!(
        store::purge_older_than(&pool, Duration::ZERO)
            .await
            .expect("purge"),
        1
    );
}

#[test]
fn scope_comes_from_the_unverified_sub_claim() {
    let mut headers = HeaderMap::new();
    assert_eq!(scope_of(&headers), "anon");
    let payload =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"sub":"acc-1","exp":1}"#);
    headers.insert(
        header::AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer h.{payload}.s")).expect("header"),
    );
    assert_eq!(scope_of(&headers), "sub:acc-1");
    headers.insert(
        header::AUTHORIZATION,
        HeaderValue::from_static("Bearer garbage"),
    );
    assert!(scope_of(&headers).starts_with("auth:"));
}
