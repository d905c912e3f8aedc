//! The read facade over the two views.

use uuid::Uuid;

use super::support::{PATIENCE, account_story, database, eventually, last_event};
use crate::all_projectors;
use crate::keyset::Keyset;
use crate::log::head;
use crate::queries::Queries;
use crate::testing::run_to_end;

/// Writes five account stories and projects them; returns their ids in order.
async fn projected_stories(pool: &sqlx::PgPool) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(account_story(pool, n).await);
    }
    let target = last_event(pool).await;
    assert!(
        eventually(|| async { head(pool).await.expect("head") >= target }).await,
        "events visible within {PATIENCE:?}"
    );
    for projector in all_projectors() {
        run_to_end(pool, projector.as_ref())
            .await
            .expect("projected");
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_shows_its_profile_roles_status_and_rating() {
    let pool = database().await;
    let ids = projected_stories(&pool).await;
    let queries = Queries::new(pool);

    let approved = queries.account(ids[1]).await.expect("query").expect("row");
    assert_eq!(approved.name, "Renamed 1");
    assert_eq!(approved.email.as_deref(), Some("v1@example.kz"));
    assert_eq!(approved.phone.as_deref(), Some("+77010000001"));
    assert_eq!(approved.language, "kk");
    assert_eq!(approved.roles, vec!["volunteer", "organizer"]);
    assert_eq!(approved.organizer_status, "approved");
    assert_eq!(approved.rating, 6);
    assert!(approved.updated_at > approved.created_at);

    let rejected = queries.account(ids[3]).await.expect("query").expect("row");
    assert_eq!(rejected.roles, vec!["volunteer"]);
    assert_eq!(rejected.organizer_status, "rejected");
    assert_eq!(queries.account(Uuid::now_v7()).await.expect("query"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organizer_applications_are_filtered_and_paged_oldest_first() {
    let pool = database().await;
    let ids = projected_stories(&pool).await;
    let queries = Queries::new(pool);

    let approved = queries
        .organizer_applications(Some("approved"), &Keyset::first(10))
        .await
        .expect("query")
        .items;
    let approved_ids: Vec<Uuid> = approved.iter().map(|a| a.account_id).collect();
    assert_eq!(approved_ids, vec![ids[1], ids[2], ids[4]]);
    assert_eq!(approved[0].applicant_name.as_deref(), Some("Renamed 1"));

    let first = queries
        .organizer_applications(None, &Keyset::first(2))
        .await
        .expect("query")
        .items;
    let last = first.last().expect("a full page");
    let rest = queries
        .organizer_applications(
            None,
            &Keyset::after((last.submitted_at, last.account_id), 10),
        )
        .await
        .expect("query")
        .items;
    let all: Vec<Uuid> = first.iter().chain(&rest).map(|a| a.account_id).collect();
    assert_eq!(all, ids);

    let rejected = queries
        .organizer_application(ids[3])
        .await
        .expect("query")
        .expect("row");
    assert_eq!(rejected.status, "rejected");
    assert_eq!(
        rejected.rejection_reason.as_deref(),
        Some("not enough details")
    );
    assert_eq!(rejected.decided_by, Some(Uuid::nil()));
    assert!(rejected.decided_at.is_some());
}
