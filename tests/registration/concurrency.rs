//! One owner per phone and e-mail when fifty registrations race.

use birqadam_domain::identity_claim::IdentityKind;
use serde_json::json;

use super::{RACERS, claim_stream, claimed_kinds, register_all_at_once};
use crate::helpers::app::Reply;
use crate::helpers::requests::{assert_problem, registration};
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_registrations_of_one_phone_in_mixed_spellings_yield_one_account() {
    // Arrange
    let app = spawn_app().await;
    let spellings = [
        "+7 701 123 45 67",
        "87011234567",
        "8 (701) 123-45-67",
        "7011234567",
    ];
    let bodies = (0..RACERS)
        .map(|i| {
            registration(
                &format!("Racer {i}"),
                &format!("racer{i}@test.kz"),
                Some(spellings[i % spellings.len()]),
            )
        })
        .collect();

    // Act
    let replies = register_all_at_once(&app, bodies).await;

    // Assert
    let winners: Vec<&Reply> = replies.iter().filter(|r| r.status == 201).collect();
    assert_eq!(winners.len(), 1, "exactly one registration wins");
    for loser in replies.iter().filter(|r| r.status != 201) {
        assert_problem(loser, 409, "account.phone_taken");
    }
    let winner_id = winners[0].json["account"]["id"]
        .as_str()
        .expect("the winner's account id");
    assert_eq!(winners[0].json["account"]["phone"], json!("+77011234567"));
    assert_eq!(app.count_events("AccountRegistered").await, 1);

    let phone_stream = claim_stream(&app, IdentityKind::Phone, "+77011234567").await;
    assert_eq!(
        phone_stream,
        vec![(
            "IdentityClaimed".to_owned(),
            json!({"IdentityClaimed": {"kind": "phone", "owner": winner_id}})
        )],
        "the phone was claimed once, by the winner, and never released"
    );
    let kinds = claimed_kinds(&app).await;
    let email_claims = kinds.iter().filter(|k| *k == "email").count();
    assert_eq!(kinds.iter().filter(|k| *k == "phone").count(), 1);
    assert_eq!(email_claims, RACERS, "every racer claimed its own e-mail");
    assert_eq!(
        app.count_events("IdentityReleased").await,
        i64::try_from(RACERS - 1).expect("small"),
        "every loser released its e-mail claim"
    );
    for i in 0..RACERS {
        let stream = claim_stream(&app, IdentityKind::Email, &format!("racer{i}@test.kz")).await;
        let last = stream.last().map(|(t, _)| t.as_str());
        let expected = if winners[0].json["account"]["email"] == json!(format!("racer{i}@test.kz"))
        {
            "IdentityClaimed"
        } else {
            "IdentityReleased"
        };
        assert_eq!(last, Some(expected), "the e-mail claim of racer {i}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_registrations_of_one_email_in_mixed_case_yield_one_account() {
    // Arrange
    let app = spawn_app().await;
    let spellings = ["A@x.kz", "a@X.KZ", "a@x.kz", " A@X.Kz "];
    let bodies = (0..RACERS)
        .map(|i| registration(&format!("Racer {i}"), spellings[i % spellings.len()], None))
        .collect();

    // Act
    let replies = register_all_at_once(&app, bodies).await;

    // Assert
    let winners: Vec<&Reply> = replies.iter().filter(|r| r.status == 201).collect();
    assert_eq!(winners.len(), 1, "exactly one registration wins");
    for loser in replies.iter().filter(|r| r.status != 201) {
        assert_problem(loser, 409, "account.email_taken");
    }
    assert_eq!(winners[0].json["account"]["email"], json!("a@x.kz"));
    assert_eq!(app.count_events("AccountRegistered").await, 1);
    let stream = claim_stream(&app, IdentityKind::Email, "a@x.kz").await;
    assert_eq!(stream.len(), 1, "one claim of the e-mail: {stream:?}");
    assert_eq!(app.count_events("IdentityReleased").await, 0);
}
