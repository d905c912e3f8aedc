use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Almaty;

use super::*;

fn almaty(h: u32, m: u32) -> DateTime<Utc> {
    Almaty
        .with_ymd_and_hms(2026, 12, 1, h, m, 0)
        .single()
        .expect("a valid Almaty time")
        .with_timezone(&Utc)
}

#[test]
fn a_push_at_23_almaty_waits_until_8_the_next_morning() {
    let until = QuietHours::default().deferred_until(almaty(23, 0));
    let expected = Almaty
        .with_ymd_and_hms(2026, 12, 2, 8, 0, 0)
        .single()
        .map(|t| t.with_timezone(&Utc));
    assert_eq!(until, expected);
}

#[test]
fn a_push_at_3_almaty_waits_until_8_the_same_morning() {
    assert_eq!(
        QuietHours::default().deferred_until(almaty(3, 0)),
        Some(almaty(8, 0))
    );
}

#[test]
fn daytime_and_disabled_quiet_hours_defer_nothing() {
    assert_eq!(QuietHours::default().deferred_until(almaty(8, 0)), None);
    assert_eq!(QuietHours::default().deferred_until(almaty(21, 59)), None);
    let off = QuietHours {
        enabled: false,
        ..QuietHours::default()
    };
    assert_eq!(off.deferred_until(almaty(23, 0)), None);
}

#[test]
fn quiet_hours_within_one_day_end_that_day() {
    let lunch = QuietHours {
        enabled: true,
        start: NaiveTime::from_hms_opt(13, 0, 0).expect("time"),
        end: NaiveTime::from_hms_opt(14, 0, 0).expect("time"),
    };
    assert_eq!(lunch.deferred_until(almaty(13, 30)), Some(almaty(14, 0)));
    assert_eq!(lunch.deferred_until(almaty(14, 0)), None);
}

#[test]
fn moderation_decisions_keep_at_least_one_channel() {
    let settings = NotificationSettings::default()
        .with(Category::Moderation, DeliveryChannel::Telegram, false)
        .expect("one channel muted is fine");
    assert!(!settings.allows(Category::Moderation, DeliveryChannel::Telegram));
    assert!(settings.allows(Category::Moderation, DeliveryChannel::Push));
    assert_eq!(
        settings.with(Category::Moderation, DeliveryChannel::Push, false),
        Err(NotificationSettingsError::ModerationFullyMuted)
    );
}

#[test]
fn other_categories_can_be_muted_on_both_channels() {
    let settings = NotificationSettings::default()
        .with(Category::Tasks, DeliveryChannel::Telegram, false)
        .and_then(|s| s.with(Category::Tasks, DeliveryChannel::Push, false))
        .expect("tasks may be silenced");
    assert!(!settings.allows(Category::Tasks, DeliveryChannel::Push));
    let back = settings
        .with(Category::Tasks, DeliveryChannel::Push, true)
        .expect("unmuting");
    assert!(back.allows(Category::Tasks, DeliveryChannel::Push));
}

#[test]
fn names_round_trip() {
    for c in Category::ALL {
        assert_eq!(Category::parse(c.as_str()), Some(c));
    }
    for c in DeliveryChannel::ALL {
        assert_eq!(DeliveryChannel::parse(c.as_str()), Some(c));
    }
}
