//! Derived ids and the identifiers report events carry.

use super::{PROJECT, TASK, VOLUNTEER, accepted, approved, report, submitted};
use crate::assignment::*;

#[test]
fn ids_are_derived_from_task_volunteer_and_attempt() {
    let assignment = assignment_id(TASK, VOLUNTEER);
    assert_eq!(assignment, assignment_id(TASK, VOLUNTEER));
    assert_ne!(assignment, assignment_id(VOLUNTEER, TASK));
    assert_ne!(report_id(assignment, 1), report_id(assignment, 2));
    let mut state = Assignment::default();
    state.apply(accepted());
    state.apply(submitted(1));
    assert_eq!(state.latest_report_id(), Some(report(1)));
    assert_eq!(state.status(), Some(AssignmentStatus::Submitted));
}

#[test]
fn report_events_carry_task_project_and_volunteer() {
    use cqrs_es::DomainEvent;
    let event = approved(1, Some(5), None);
    let json = serde_json::to_value(&event).expect("serialisable");
    assert_eq!(event.event_type(), "ReportApproved");
    let body = &json["ReportApproved"];
    assert_eq!(body["task_id"], TASK.to_string());
    assert_eq!(body["project_id"], PROJECT.to_string());
    assert_eq!(body["volunteer"], VOLUNTEER.to_string());
    assert_eq!(body["stars"], 5);
}
