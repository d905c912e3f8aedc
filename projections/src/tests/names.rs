//! Checkpoint names are stored state: a consumer that changed its name would start again from
//! position zero (a view would be rebuilt, a process manager would replay its side effects).

use crate::all_projectors;

#[test]
fn every_view_keeps_the_checkpoint_name_its_progress_is_stored_under() {
    let names: Vec<&str> = all_projectors().iter().map(|p| p.name()).collect();
    assert_eq!(
        names,
        [
            "accounts",
            "organizer_applications",
            "projects",
            "tasks",
            "assignments",
            "rating_history",
            "leaderboard",
            "achievements",
            "activity",
            "legacy_ids",
        ]
    );
}
