//! Rating credits, the maximum, adjustments and levels.

use uuid::Uuid;

use super::{Given, admin, credit, registered};
use crate::account::*;

#[test]
fn a_source_already_credited_is_ignored() {
    let source = RatingSource::Report(Uuid::now_v7());
    Given::with(())
        .given(vec![
            registered(),
            AccountEvent::RatingCredited {
                source,
                points_requested: 5,
                points_applied: 5,
                rating_after: 5,
            },
        ])
        .when(credit(source, 5))
        .then_expect_events(vec![]);
}

#[test]
fn the_credit_that_crosses_the_maximum_records_the_clamp() {
    let old = RatingSource::Report(Uuid::now_v7());
    let new = RatingSource::Report(Uuid::now_v7());
    Given::with(())
        .given(vec![
            registered(),
            AccountEvent::RatingCredited {
                source: old,
                points_requested: 5,
                points_applied: 5,
                rating_after: 748,
            },
        ])
        .when(credit(new, 5))
        .then_expect_events(vec![AccountEvent::RatingCredited {
            source: new,
            points_requested: 5,
            points_applied: 2,
            rating_after: MAX_RATING,
        }]);
}

#[test]
fn adjustments_never_go_below_zero_and_need_a_reason() {
    Given::with(())
        .given(vec![registered()])
        .when(AccountCommand::AdjustRating {
            actor: admin(),
            delta: 0,
            reason: "x".to_owned(),
        })
        .then_expect_error(AccountError::InvalidRatingChange);
    let actor = admin();
    let by = actor.id;
    Given::with(())
        .given(vec![registered()])
        .when(AccountCommand::AdjustRating {
            actor,
            delta: -10,
            reason: "typo".to_owned(),
        })
        .then_expect_events(vec![AccountEvent::RatingAdjusted {
            delta_requested: -10,
            delta_applied: 0,
            rating_after: 0,
            reason: "typo".to_owned(),
            by,
        }]);
}

#[test]
fn levels_follow_hundreds_of_points_up_to_eight() {
    assert_eq!(level_for(0), 1);
    assert_eq!(level_for(99), 1);
    assert_eq!(level_for(100), 2);
    assert_eq!(level_for(750), 8);
}
