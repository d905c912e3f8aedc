use birqadam_domain::account::AccountEvent;
use birqadam_domain::assignment::AssignmentEvent;
use birqadam_domain::project::ProjectEvent;
use birqadam_domain::task::TaskEvent;
use birqadam_projections::{Checkpoint, StoredEvent};
use cqrs_es::DomainEvent;
use serde::Serialize;
use uuid::Uuid;

use super::*;

pub(crate) fn stored<E>(aggregate_type: &str, id: Uuid, event: &E) -> StoredEvent
where
    E: Serialize + DomainEvent,
{
    StoredEvent {
        checkpoint: Checkpoint {
            transaction_id: 1,
            global_position: 1,
        },
        aggregate_type: aggregate_type.to_owned(),
        aggregate_id: id.to_string(),
        sequence: 1,
        event_type: event.event_type(),
        event_version: event.event_version(),
        payload: serde_json::to_value(event).expect("an event serialises"),
        metadata: serde_json::json!({}),
        recorded_at: chrono::Utc::now(),
    }
}

#[test]
fn a_task_offer_goes_to_the_offered_member() {
    let (task, project, volunteer) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let event = AssignmentEvent::TaskOffered {
        task_id: task,
        project_id: project,
        volunteer,
    };
    let intents = intents(&stored("Assignment", Uuid::new_v4(), &event)).expect("maps");
    assert_eq!(intents.len(), 1);
    assert_eq!(intents[0].kind, Kind::TaskOffered);
    assert_eq!(intents[0].audience, Audience::Person(volunteer));
    assert_eq!(intents[0].params["task_id"], task.to_string());
}

#[test]
fn a_submitted_report_goes_to_the_project_owner_with_its_id() {
    let (report, project) = (Uuid::new_v4(), Uuid::new_v4());
    let event = AssignmentEvent::ReportSubmitted {
        task_id: Uuid::new_v4(),
        project_id: project,
        volunteer: Uuid::new_v4(),
        report_id: report,
        attempt: 1,
        photos: Vec::new(),
        comment: Some("done <b>".to_owned()),
    };
    let intents = intents(&stored("Assignment", Uuid::new_v4(), &event)).expect("maps");
    assert_eq!(intents[0].kind, Kind::ReportWaiting);
    assert_eq!(intents[0].audience, Audience::ProjectOwner(project));
    assert_eq!(intents[0].params["report_id"], report.to_string());
    assert_eq!(intents[0].params["comment"], "done <b>");
    assert_eq!(intents[0].params["photos"], "0");
}

#[test]
fn decisions_on_a_report_go_to_its_volunteer() {
    let volunteer = Uuid::new_v4();
    let approved = AssignmentEvent::ReportApproved {
        task_id: Uuid::new_v4(),
        project_id: Uuid::new_v4(),
        volunteer,
        report_id: Uuid::new_v4(),
        attempt: 1,
        stars: Some(4),
        comment: None,
        moderator: None,
    };
    let rejected = AssignmentEvent::ReportRejected {
        task_id: Uuid::new_v4(),
        project_id: Uuid::new_v4(),
        volunteer,
        report_id: Uuid::new_v4(),
        attempt: 1,
        reason: "blurry".to_owned(),
        moderator: None,
    };
    let a = intents(&stored("Assignment", Uuid::new_v4(), &approved)).expect("maps");
    let r = intents(&stored("Assignment", Uuid::new_v4(), &rejected)).expect("maps");
    assert_eq!(
        (a[0].kind, a[0].audience),
        (Kind::ReportApproved, Audience::Person(volunteer))
    );
    assert_eq!(a[0].params["stars"], "4");
    assert!(!a[0].params.contains_key("comment"));
    assert_eq!(r[0].kind, Kind::ReportRejected);
    assert_eq!(r[0].params["reason"], "blurry");
}

#[test]
fn organizer_decisions_go_to_the_applicant() {
    let applicant = Uuid::new_v4();
    let yes = AccountEvent::OrganizerApproved { by: None };
    let no = AccountEvent::OrganizerRejected {
        by: None,
        reason: "no site".to_owned(),
    };
    let yes = intents(&stored("Account", applicant, &yes)).expect("maps");
    let no = intents(&stored("Account", applicant, &no)).expect("maps");
    assert_eq!(yes[0].audience, Audience::Person(applicant));
    assert_eq!(yes[0].kind, Kind::OrganizerApproved);
    assert_eq!(no[0].kind, Kind::OrganizerRejected);
    assert_eq!(no[0].params["reason"], "no site");
}

#[test]
fn project_decisions_go_to_its_owner_and_a_deletion_to_its_members() {
    let project = Uuid::new_v4();
    let admin = Uuid::new_v4();
    let cases = [
        (
            ProjectEvent::ProjectApproved { by: None },
            Kind::ProjectApproved,
            Audience::ProjectOwner(project),
        ),
        (
            ProjectEvent::ProjectRejected {
                by: None,
                reason: "r".to_owned(),
            },
            Kind::ProjectRejected,
            Audience::ProjectOwner(project),
        ),
        (
            ProjectEvent::ProjectDeleted { by: Some(admin) },
            Kind::ProjectDeleted,
            Audience::ProjectMembers(project),
        ),
    ];
    for (event, kind, audience) in cases {
        let got = intents(&stored("Project", project, &event)).expect("maps");
        assert_eq!((got[0].kind, got[0].audience), (kind, audience));
        assert_eq!(got[0].params["project_id"], project.to_string());
    }
    let deleted = intents(&stored(
        "Project",
        project,
        &ProjectEvent::ProjectDeleted { by: Some(admin) },
    ))
    .expect("maps");
    assert_eq!(deleted[0].except, Some(admin));
}

#[test]
fn a_cancelled_task_goes_to_its_recipients() {
    let task = Uuid::new_v4();
    let got = intents(&stored(
        "Task",
        task,
        &TaskEvent::TaskCancelled { by: None },
    ))
    .expect("maps");
    assert_eq!(got[0].audience, Audience::TaskRecipients(task));
    assert_eq!(got[0].kind, Kind::TaskCancelled);
}

#[test]
fn other_events_ask_for_nothing() {
    let joined = ProjectEvent::VolunteerJoined {
        volunteer: Uuid::new_v4(),
    };
    assert!(
        intents(&stored("Project", Uuid::new_v4(), &joined))
            .expect("maps")
            .is_empty()
    );
    assert!(
        intents(&stored("Task", Uuid::new_v4(), &TaskEvent::TaskClosed {}))
            .expect("maps")
            .is_empty()
    );
}
