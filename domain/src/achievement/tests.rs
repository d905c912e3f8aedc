use cqrs_es::test::TestFramework;

use super::*;

type Given = TestFramework<AchievementCatalogue>;

fn defined(definition: AchievementDefinition) -> AchievementCatalogueEvent {
    AchievementCatalogueEvent::AchievementDefined {
        id: definition.id,
        name: definition.name,
        description: definition.description,
        icon: definition.icon,
        rule: definition.rule,
        xp: definition.xp,
    }
}

fn seed() -> AchievementCatalogueCommand {
    AchievementCatalogueCommand::Seed {
        definitions: default_catalogue(),
    }
}

#[test]
fn seeding_an_empty_catalogue_defines_every_achievement() {
    Given::with(())
        .given_no_previous_events()
        .when(seed())
        .then_expect_events(default_catalogue().into_iter().map(defined).collect());
}

#[test]
fn seeding_the_catalogue_twice_appends_nothing_the_second_time() {
    Given::with(())
        .given(default_catalogue().into_iter().map(defined).collect())
        .when(seed())
        .then_expect_events(vec![]);
}

#[test]
fn seeding_appends_only_the_new_definitions() {
    let mut catalogue = default_catalogue();
    let last = catalogue.pop().expect("non-empty catalogue");
    Given::with(())
        .given(catalogue.into_iter().map(defined).collect())
        .when(seed())
        .then_expect_events(vec![defined(last)]);
}

#[test]
fn a_definition_with_an_invalid_slug_is_refused() {
    let mut bad = default_catalogue();
    bad[0].id = "First Report".to_owned();
    Given::with(())
        .given_no_previous_events()
        .when(AchievementCatalogueCommand::Seed { definitions: bad })
        .then_expect_error(AchievementCatalogueError::Invalid(vec![("id", "invalid")]));
}

#[test]
fn the_default_catalogue_has_the_master_at_750_for_500_xp() {
    let catalogue = default_catalogue();
    let master = catalogue
        .iter()
        .find(|d| d.id == "master")
        .expect("master is defined");
    assert_eq!(master.rule, AchievementRule::Rating { threshold: 750 });
    assert_eq!(master.xp, 500);
    assert_eq!(master.icon, "military_tech");
    assert_eq!(master.name.ru, "Мастер");
    assert!(catalogue.iter().all(|d| check(d).is_empty()));
}

#[test]
fn rules_serialise_with_a_kind_tag() {
    let json =
        serde_json::to_value(AchievementRule::ApprovedReports { count: 10 }).expect("serialisable");
    assert_eq!(
        json,
        serde_json::json!({"kind": "approved_reports", "count": 10})
    );
}
