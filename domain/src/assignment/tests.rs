use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::{Actor, Role};

mod acceptance;
mod authority;
mod decisions;
mod ids;
mod reports;
mod stale;

type Given = TestFramework<Assignment>;

const TASK: Uuid = Uuid::from_u128(1);
const PROJECT: Uuid = Uuid::from_u128(2);
const VOLUNTEER: Uuid = Uuid::from_u128(3);
const OWNER: Uuid = Uuid::from_u128(4);

fn me() -> Actor {
    Actor::account(VOLUNTEER, [Role::Volunteer])
}

fn owner() -> Actor {
    Actor::account(OWNER, [Role::Volunteer, Role::Organizer])
}

fn report(attempt: u32) -> Uuid {
    report_id(assignment_id(TASK, VOLUNTEER), attempt)
}

fn photo(n: u128) -> PhotoRef {
    PhotoRef {
        id: Uuid::from_u128(100 + n),
        sha256: "ab".repeat(32),
        content_type: "image/jpeg".to_owned(),
        bytes: 1000,
        width: 800,
        height: 600,
    }
}

fn photos(count: u128) -> Vec<PhotoRef> {
    (0..count).map(photo).collect()
}

fn offered() -> AssignmentEvent {
    AssignmentEvent::TaskOffered {
        task_id: TASK,
        project_id: PROJECT,
        volunteer: VOLUNTEER,
    }
}

fn accepted() -> AssignmentEvent {
    AssignmentEvent::TaskAccepted {
        task_id: TASK,
        project_id: PROJECT,
        volunteer: VOLUNTEER,
    }
}

fn submitted(attempt: u32) -> AssignmentEvent {
    AssignmentEvent::ReportSubmitted {
        task_id: TASK,
        project_id: PROJECT,
        volunteer: VOLUNTEER,
        report_id: report(attempt),
        attempt,
        photos: photos(1),
        comment: None,
    }
}

fn approved(attempt: u32, stars: Option<u8>, comment: Option<&str>) -> AssignmentEvent {
    AssignmentEvent::ReportApproved {
        task_id: TASK,
        project_id: PROJECT,
        volunteer: VOLUNTEER,
        report_id: report(attempt),
        attempt,
        stars,
        comment: comment.map(str::to_owned),
        moderator: Some(OWNER),
    }
}

fn rejected(attempt: u32) -> AssignmentEvent {
    AssignmentEvent::ReportRejected {
        task_id: TASK,
        project_id: PROJECT,
        volunteer: VOLUNTEER,
        report_id: report(attempt),
        attempt,
        reason: "blurry".to_owned(),
        moderator: Some(OWNER),
    }
}

fn accept() -> AssignmentCommand {
    AssignmentCommand::Accept {
        actor: me(),
        task_id: TASK,
        project_id: PROJECT,
        task_open: true,
        eligible: true,
    }
}

fn submit(count: u128) -> AssignmentCommand {
    AssignmentCommand::SubmitReport {
        actor: me(),
        task_id: TASK,
        project_id: PROJECT,
        photos: photos(count),
        comment: None,
    }
}

/// The owner approves attempt 1.
fn approve(stars: Option<u8>, comment: Option<&str>) -> AssignmentCommand {
    approve_attempt(1, stars, comment)
}

fn approve_attempt(attempt: u32, stars: Option<u8>, comment: Option<&str>) -> AssignmentCommand {
    AssignmentCommand::Approve {
        actor: owner(),
        project_owner: OWNER,
        report_id: report(attempt),
        stars,
        comment: comment.map(str::to_owned),
    }
}

/// The owner rejects attempt 1.
fn reject() -> AssignmentCommand {
    reject_attempt(1)
}

fn reject_attempt(attempt: u32) -> AssignmentCommand {
    AssignmentCommand::Reject {
        actor: owner(),
        project_owner: OWNER,
        report_id: report(attempt),
        reason: "blurry".to_owned(),
    }
}
