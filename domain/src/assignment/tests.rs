use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::validation::{OUT_OF_RANGE, REQUIRED};
use crate::{Actor, Role};

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

fn approve(stars: Option<u8>, comment: Option<&str>) -> AssignmentCommand {
    AssignmentCommand::Approve {
        actor: owner(),
        project_owner: OWNER,
        stars,
        comment: comment.map(str::to_owned),
    }
}

fn reject() -> AssignmentCommand {
    AssignmentCommand::Reject {
        actor: owner(),
        project_owner: OWNER,
        reason: "blurry".to_owned(),
    }
}

#[test]
fn offering_twice_changes_nothing() {
    Given::with(())
        .given(vec![offered()])
        .when(AssignmentCommand::Offer {
            task_id: TASK,
            project_id: PROJECT,
            volunteer: VOLUNTEER,
        })
        .then_expect_events(vec![]);
}

#[test]
fn an_offered_volunteer_accepts() {
    Given::with(())
        .given(vec![offered()])
        .when(accept())
        .then_expect_events(vec![accepted()]);
}

#[test]
fn someone_else_cannot_accept_for_the_volunteer() {
    Given::with(())
        .given(vec![offered()])
        .when(AssignmentCommand::Accept {
            actor: owner(),
            task_id: TASK,
            project_id: PROJECT,
            task_open: true,
            eligible: true,
        })
        .then_expect_error(AssignmentError::Forbidden);
}

#[test]
fn a_volunteer_the_task_does_not_target_cannot_accept() {
    Given::with(())
        .given_no_previous_events()
        .when(AssignmentCommand::Accept {
            actor: me(),
            task_id: TASK,
            project_id: PROJECT,
            task_open: true,
            eligible: false,
        })
        .then_expect_error(AssignmentError::Forbidden);
}

#[test]
fn accepting_a_closed_task_is_refused() {
    Given::with(())
        .given(vec![offered()])
        .when(AssignmentCommand::Accept {
            actor: me(),
            task_id: TASK,
            project_id: PROJECT,
            task_open: false,
            eligible: true,
        })
        .then_expect_error(AssignmentError::TaskNotOpen);
}

#[test]
fn accepting_twice_changes_nothing() {
    Given::with(())
        .given(vec![offered(), accepted()])
        .when(accept())
        .then_expect_events(vec![]);
}

#[test]
fn a_declined_task_can_be_accepted_after_all() {
    Given::with(())
        .given(vec![
            offered(),
            AssignmentEvent::TaskDeclined {
                task_id: TASK,
                project_id: PROJECT,
                volunteer: VOLUNTEER,
            },
        ])
        .when(accept())
        .then_expect_events(vec![accepted()]);
}

#[test]
fn declining_after_a_report_is_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(AssignmentCommand::Decline {
            actor: me(),
            task_id: TASK,
            project_id: PROJECT,
            task_open: true,
            eligible: true,
        })
        .then_expect_error(AssignmentError::ReportSubmitted);
}

#[test]
fn submitting_a_report_before_accepting_is_refused() {
    Given::with(())
        .given(vec![offered()])
        .when(submit(1))
        .then_expect_error(AssignmentError::NotAccepted);
}

#[test]
fn an_accepted_volunteer_submits_a_first_report() {
    Given::with(())
        .given(vec![accepted()])
        .when(submit(1))
        .then_expect_events(vec![submitted(1)]);
}

#[test]
fn a_report_without_photos_is_refused() {
    Given::with(())
        .given(vec![accepted()])
        .when(submit(0))
        .then_expect_error(AssignmentError::Invalid(vec![("photos", REQUIRED)]));
}

#[test]
fn a_report_with_six_photos_is_refused() {
    Given::with(())
        .given(vec![accepted()])
        .when(submit(6))
        .then_expect_error(AssignmentError::TooManyPhotos);
}

#[test]
fn a_second_report_while_one_is_pending_is_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(submit(1))
        .then_expect_error(AssignmentError::PendingExists);
}

#[test]
fn a_report_after_an_approval_is_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1), approved(1, Some(5), None)])
        .when(submit(1))
        .then_expect_error(AssignmentError::AlreadyApproved);
}

#[test]
fn resubmitting_after_a_rejection_is_attempt_two() {
    Given::with(())
        .given(vec![accepted(), submitted(1), rejected(1)])
        .when(submit(1))
        .then_expect_events(vec![submitted(2)]);
}

#[test]
fn the_owner_approves_with_five_stars() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(approve(Some(5), None))
        .then_expect_events(vec![approved(1, Some(5), None)]);
}

#[test]
fn approving_without_stars_needs_no_comment() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(approve(None, None))
        .then_expect_events(vec![approved(1, None, None)]);
}

#[test]
fn three_stars_without_a_comment_are_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(approve(Some(3), Some("  ")))
        .then_expect_error(AssignmentError::CommentRequired);
}

#[test]
fn three_stars_with_a_comment_are_approved() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(approve(Some(3), Some("мало фото")))
        .then_expect_events(vec![approved(1, Some(3), Some("мало фото"))]);
}

#[test]
fn six_stars_are_invalid() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(approve(Some(6), None))
        .then_expect_error(AssignmentError::Invalid(vec![("stars", OUT_OF_RANGE)]));
}

#[test]
fn approving_an_already_approved_report_is_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1), approved(1, Some(5), None)])
        .when(approve(Some(5), None))
        .then_expect_error(AssignmentError::AlreadyApproved);
}

#[test]
fn rejecting_an_approved_report_is_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1), approved(1, Some(4), None)])
        .when(reject())
        .then_expect_error(AssignmentError::AlreadyModerated);
}

#[test]
fn approving_a_rejected_report_is_refused() {
    Given::with(())
        .given(vec![accepted(), submitted(1), rejected(1)])
        .when(approve(Some(5), None))
        .then_expect_error(AssignmentError::AlreadyModerated);
}

#[test]
fn the_owner_rejects_a_pending_report() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(reject())
        .then_expect_events(vec![rejected(1)]);
}

#[test]
fn a_non_owner_cannot_approve() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(AssignmentCommand::Approve {
            actor: Actor::account(Uuid::now_v7(), [Role::Volunteer, Role::Organizer]),
            project_owner: OWNER,
            stars: Some(5),
            comment: None,
        })
        .then_expect_error(AssignmentError::Forbidden);
}

#[test]
fn an_admin_may_approve() {
    let admin = Actor::account(OWNER, [Role::Admin]);
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(AssignmentCommand::Approve {
            actor: admin,
            project_owner: Uuid::now_v7(),
            stars: Some(5),
            comment: None,
        })
        .then_expect_events(vec![approved(1, Some(5), None)]);
}

#[test]
fn a_volunteer_cannot_approve_their_own_report() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(AssignmentCommand::Approve {
            actor: Actor::account(VOLUNTEER, [Role::Organizer, Role::Admin]),
            project_owner: VOLUNTEER,
            stars: Some(5),
            comment: None,
        })
        .then_expect_error(AssignmentError::Forbidden);
}

#[test]
fn approving_without_a_report_is_not_found() {
    Given::with(())
        .given(vec![accepted()])
        .when(approve(Some(5), None))
        .then_expect_error(AssignmentError::NotFound);
}

#[test]
fn rejecting_needs_a_reason() {
    Given::with(())
        .given(vec![accepted(), submitted(1)])
        .when(AssignmentCommand::Reject {
            actor: owner(),
            project_owner: OWNER,
            reason: " ".to_owned(),
        })
        .then_expect_error(AssignmentError::Invalid(vec![("reason", REQUIRED)]));
}

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
