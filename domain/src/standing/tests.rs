use super::*;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("an RFC 3339 instant")
}

#[test]
fn the_month_changes_at_almaty_midnight_not_utc_midnight() {
    let (month, _) = period_keys(at("2026-11-30T18:59:59Z"));
    assert_eq!(month, "month:2026-11");
    let (month, _) = period_keys(at("2026-11-30T19:00:00Z"));
    assert_eq!(month, "month:2026-12");
    let (month, _) = period_keys(at("2026-12-31T19:00:00Z"));
    assert_eq!(month, "month:2027-01");
}

#[test]
fn the_iso_week_changes_at_almaty_midnight_between_sunday_and_monday() {
    // 2026-11-29 is a Sunday; Almaty is UTC+5
    let (_, week) = period_keys(at("2026-11-29T18:59:59Z"));
    assert_eq!(week, "week:2026-W48");
    let (_, week) = period_keys(at("2026-11-29T19:00:00Z"));
    assert_eq!(week, "week:2026-W49");
}

#[test]
fn the_iso_week_year_can_differ_from_the_calendar_year() {
    // Almaty 2027-01-01 is a Friday of ISO week 2026-W53
    let (month, week) = period_keys(at("2027-01-01T10:00:00Z"));
    assert_eq!(month, "month:2027-01");
    assert_eq!(week, "week:2026-W53");
}

#[test]
fn a_zero_change_leaves_the_standing_and_its_time_alone() {
    let mut standing = Standing::new(at("2026-11-01T00:00:00Z"));
    standing.apply(5, at("2026-11-02T00:00:00Z"));
    standing.apply(0, at("2026-11-03T00:00:00Z"));
    assert_eq!(standing.points, 5);
    assert_eq!(standing.reached_at, at("2026-11-02T00:00:00Z"));
}

#[test]
fn ties_rank_whoever_reached_the_points_first_then_the_id() {
    let early = Standing {
        points: 5,
        reached_at: at("2026-11-01T00:00:00Z"),
    };
    let late = Standing {
        points: 5,
        reached_at: at("2026-11-02T00:00:00Z"),
    };
    let more = Standing {
        points: 6,
        reached_at: at("2026-11-03T00:00:00Z"),
    };
    let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
    assert_eq!(rank_order((&more, b), (&early, a)), Ordering::Less);
    assert_eq!(rank_order((&early, b), (&late, a)), Ordering::Less);
    assert_eq!(rank_order((&early, a), (&early, b)), Ordering::Less);
}

#[test]
fn an_achievement_rule_is_met_at_its_threshold() {
    let progress = Progress {
        rating: 10,
        approved_reports: 2,
        projects_joined: 0,
    };
    assert!(AchievementRule::Rating { threshold: 10 }.met_by(&progress));
    assert!(!AchievementRule::Rating { threshold: 11 }.met_by(&progress));
    assert!(AchievementRule::ApprovedReports { count: 2 }.met_by(&progress));
    assert!(!AchievementRule::ProjectsJoined { count: 1 }.met_by(&progress));
}
