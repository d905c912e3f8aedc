//! `birqadam audit replay` and closed periods: the replay of an export reproduces every
//! `LeaderboardPeriodClosed` digest and top; an export whose rating event was altered is
//! reported for the period.

use birqadam::audit_cli::{period_findings, replay_export};

use super::support::{export, sign, tree_caught_up};
use crate::helpers::spawn_app;
use crate::leaderboard::closed::{close_with_two_closers, scored_week};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_replay_reproduces_a_closed_week_and_reports_an_altered_rating_event() {
    let app = spawn_app().await;
    scored_week(&app).await;
    app.clock
        .set("2027-03-07T19:05:00Z".parse().expect("an instant"));
    close_with_two_closers(&app).await;
    tree_caught_up(&app).await;
    sign(&app).await;
    let clean = export(&app, "log.ndjson", None).await;

    let replayed = replay_export(&clean.file).expect("the export replays");
    assert_eq!(replayed.closings.len(), 1);
    assert_eq!(period_findings(&replayed), vec![]);

    // the second volunteer's 3 points become 4 in its credit line
    let text = String::from_utf8(clean.bytes()).expect("utf-8");
    let edited: Vec<String> = text
        .lines()
        .map(|line| {
            if line.contains("RatingCredited") && line.contains("\"points_applied\":3") {
                line.replace("\"points_applied\":3", "\"points_applied\":4")
            } else {
                line.to_owned()
            }
        })
        .collect();
    assert_ne!(edited.join("\n") + "\n", text, "a credit line was edited");
    let tampered = clean.tampered("tampered.ndjson", (edited.join("\n") + "\n").as_bytes());

    let replayed = replay_export(&tampered.file).expect("the tampered export replays");
    let findings = period_findings(&replayed);
    assert!(
        findings
            .iter()
            .any(|f| f.period == "week:2027-W09" && f.why.starts_with("digest")),
        "{findings:#?}"
    );
    let check = birqadam::audit_cli::check_periods(&replayed);
    assert!(check.is_err(), "{check:?}");
}
