use std::collections::BTreeMap;

use birqadam_domain::values::Language;

use super::*;

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn subjects() -> Subjects {
    Subjects {
        project: Some("Clean <Park> & River".to_owned()),
        task: Some("Pick up litter".to_owned()),
        volunteer: Some("Aigerim".to_owned()),
        rating: Some(42),
        achievement: Some(serde_json::json!({"ru": "Первый", "kk": "Бірінші", "en": "First"})),
    }
}

#[test]
fn an_approval_names_the_stars_and_the_new_rating_in_the_recipients_language() {
    let p = params(&[("stars", "4"), ("task_id", "x")]);
    let en = render(
        Kind::ReportApproved,
        &p,
        &subjects(),
        Language::En,
        Markup::Html,
    );
    assert_eq!(en.title, "Report approved");
    assert!(
        en.body.contains("4★") && en.body.contains("42"),
        "{}",
        en.body
    );
    let ru = render(
        Kind::ReportApproved,
        &p,
        &subjects(),
        Language::Ru,
        Markup::Html,
    );
    assert_eq!(ru.title, "Отчёт принят");
    let kk = render(
        Kind::ReportApproved,
        &p,
        &subjects(),
        Language::Kk,
        Markup::Html,
    );
    assert_eq!(kk.title, "Есеп қабылданды");
}

#[test]
fn an_approval_without_stars_says_so() {
    let r = render(
        Kind::ReportApproved,
        &params(&[]),
        &subjects(),
        Language::En,
        Markup::Plain,
    );
    assert!(r.body.contains("without points"), "{}", r.body);
}

#[test]
fn user_text_is_escaped_for_telegram_and_kept_plain_for_a_push() {
    let p = params(&[("reason", "<script>&")]);
    let html = render(
        Kind::ProjectRejected,
        &p,
        &subjects(),
        Language::En,
        Markup::Html,
    );
    assert_eq!(
        html.body,
        "“Clean &lt;Park&gt; &amp; River”: &lt;script&gt;&amp;"
    );
    let plain = render(
        Kind::ProjectRejected,
        &p,
        &subjects(),
        Language::En,
        Markup::Plain,
    );
    assert_eq!(plain.body, "“Clean <Park> & River”: <script>&");
    assert!(telegram_text(&html).starts_with("<b>Project rejected</b>\n"));
}

#[test]
fn long_user_text_is_cut() {
    let long = "я".repeat(5000);
    let p = params(&[("reason", long.as_str())]);
    let r = render(
        Kind::ReportRejected,
        &p,
        &subjects(),
        Language::Ru,
        Markup::Html,
    );
    assert!(r.body.chars().count() < 500, "{}", r.body.chars().count());
    assert!(r.body.contains('…'));
}

#[test]
fn missing_subjects_read_as_a_fallback_word() {
    let r = render(
        Kind::TaskOffered,
        &params(&[]),
        &Subjects::default(),
        Language::En,
        Markup::Plain,
    );
    assert_eq!(r.body, "a project: a task");
}

#[test]
fn every_kind_has_a_title_and_a_body_in_every_language() {
    for kind in Kind::ALL {
        for language in [Language::Ru, Language::Kk, Language::En] {
            let r = render(kind, &params(&[]), &subjects(), language, Markup::Plain);
            assert!(!r.title.is_empty() && !r.body.is_empty(), "{kind:?}");
            assert!(!r.body.contains('{'), "{kind:?}: unfilled {}", r.body);
        }
    }
}

#[test]
fn an_unlock_names_the_achievement_and_how_many_more_came_with_it() {
    let one = render(
        Kind::AchievementUnlocked,
        &params(&[("achievement_id", "first_report")]),
        &subjects(),
        Language::En,
        Markup::Html,
    );
    assert_eq!(
        (one.title.as_str(), one.body.as_str()),
        ("Achievement unlocked", "First")
    );
    let three = render(
        Kind::AchievementUnlocked,
        &params(&[("achievement_id", "first_report"), ("more", "2")]),
        &subjects(),
        Language::Kk,
        Markup::Plain,
    );
    assert_eq!(three.body, "Бірінші (+2)");
}
