use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;

mod changes;
mod creation;
mod membership;
mod moderation;

type Given = TestFramework<Project>;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn details() -> ProjectDetails {
    ProjectDetails {
        title: "Субботник на Сайране".to_owned(),
        description: "Убираем берег озера".to_owned(),
        volunteer_type: VolunteerType::Environmental,
        city: "Алматы".to_owned(),
        address: None,
        latitude: Some(43.24),
        longitude: Some(76.87),
        start_date: Some(date(2026, 5, 1)),
        end_date: Some(date(2026, 5, 10)),
        capacity: Some(2),
        contact_phone: None,
        contact_email: None,
        contact_telegram: None,
        tags: vec!["eco".to_owned()],
    }
}

fn organizer() -> Actor {
    Actor::account(Uuid::now_v7(), [Role::Volunteer, Role::Organizer])
}

fn admin() -> Actor {
    Actor::account(Uuid::now_v7(), [Role::Volunteer, Role::Admin])
}

fn volunteer() -> Actor {
    Actor::account(Uuid::now_v7(), [Role::Volunteer])
}

fn created(owner: Uuid) -> ProjectEvent {
    ProjectEvent::ProjectCreated {
        owner,
        details: details(),
    }
}

fn approved() -> Vec<ProjectEvent> {
    vec![
        created(Uuid::now_v7()),
        ProjectEvent::ProjectApproved { by: None },
    ]
}

fn join(actor: Actor, today: NaiveDate) -> ProjectCommand {
    ProjectCommand::Join { actor, today }
}

#[test]
fn events_are_externally_tagged_with_the_variant_name() {
    use cqrs_es::DomainEvent;
    let event = created(Uuid::nil());
    let json = serde_json::to_value(&event).expect("serialisable");
    assert_eq!(event.event_type(), "ProjectCreated");
    assert_eq!(event.event_version(), "1.0");
    assert_eq!(
        json["ProjectCreated"]["details"]["volunteer_type"],
        "environmental"
    );
}
