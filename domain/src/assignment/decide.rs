//! The decisions of the `Assignment` aggregate.

use uuid::Uuid;

use crate::Actor;
use crate::guard::owner_or_admin;
use crate::validation::{self, INVALID, OUT_OF_RANGE, REQUIRED};

use super::{
    Assignment, AssignmentCommand, AssignmentError, AssignmentEvent, AssignmentStatus, MAX_COMMENT,
    MAX_PHOTOS, PhotoRef, assignment_id, report_id,
};

use AssignmentError as Error;
use AssignmentEvent as E;
use AssignmentStatus as S;

impl Assignment {
    pub(super) fn decide(&self, command: AssignmentCommand) -> Result<Vec<E>, Error> {
        use AssignmentCommand as C;
        match command {
            C::Offer {
                task_id,
                project_id,
                volunteer,
            } => Ok(match self.status {
                Some(_) => vec![],
                None => vec![E::TaskOffered {
                    task_id,
                    project_id,
                    volunteer,
                }],
            }),
            C::Accept {
                actor,
                task_id,
                project_id,
                task_open,
                eligible,
            } => {
                let volunteer = self.own(&actor)?;
                if !matches!(self.status, None | Some(S::Offered | S::Declined)) {
                    return Ok(vec![]);
                }
                check_task(task_open, eligible)?;
                let (task_id, project_id) = self.task_or(task_id, project_id);
                Ok(vec![E::TaskAccepted {
                    task_id,
                    project_id,
                    volunteer,
                }])
            }
            C::Decline {
                actor,
                task_id,
                project_id,
                task_open,
                eligible,
            } => {
                let volunteer = self.own(&actor)?;
                match self.status {
                    Some(S::Declined) => return Ok(vec![]),
                    Some(S::Submitted | S::Approved | S::Rejected) => {
                        return Err(Error::ReportSubmitted);
                    }
                    None | Some(S::Offered | S::Accepted) => {}
                }
                check_task(task_open, eligible)?;
                let (task_id, project_id) = self.task_or(task_id, project_id);
                Ok(vec![E::TaskDeclined {
                    task_id,
                    project_id,
                    volunteer,
                }])
            }
            C::SubmitReport {
                actor,
                photos,
                comment,
                ..
            } => self.submit(&actor, photos, comment.as_deref()),
            C::Approve {
                actor,
                project_owner,
                report_id,
                stars,
                comment,
            } => self.approve(&actor, project_owner, report_id, stars, comment.as_deref()),
            C::Reject {
                actor,
                project_owner,
                report_id,
                reason,
            } => {
                let volunteer = self.moderated_by(&actor, project_owner, report_id)?;
                if self.status == Some(S::Approved) {
                    return Err(Error::AlreadyModerated);
                }
                let mut errors = Vec::new();
                let reason = validation::text(&mut errors, "reason", &reason, MAX_COMMENT)
                    .ok_or(Error::Invalid(errors))?;
                Ok(vec![E::ReportRejected {
                    task_id: self.task_id,
                    project_id: self.project_id,
                    volunteer,
                    report_id,
                    attempt: self.attempt,
                    reason,
                    moderator: actor.id,
                }])
            }
        }
    }

    fn submit(
        &self,
        actor: &Actor,
        photos: Vec<PhotoRef>,
        comment: Option<&str>,
    ) -> Result<Vec<E>, Error> {
        let Some(status) = self.status else {
            return Err(Error::NotAccepted);
        };
        let volunteer = self.own(actor)?;
        match status {
            S::Offered | S::Declined => return Err(Error::NotAccepted),
            S::Submitted => return Err(Error::PendingExists),
            S::Approved => return Err(Error::AlreadyApproved),
            S::Accepted | S::Rejected => {}
        }
        if photos.len() > MAX_PHOTOS {
            return Err(Error::TooManyPhotos);
        }
        let mut errors = Vec::new();
        if photos.is_empty() {
            errors.push(("photos", REQUIRED));
        }
        let distinct = photos
            .iter()
            .enumerate()
            .all(|(i, p)| photos[..i].iter().all(|q| q.id != p.id));
        if !distinct {
            errors.push(("photos", INVALID));
        }
        let comment = validation::optional_text(&mut errors, "comment", comment, MAX_COMMENT);
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let attempt = self.attempt + 1;
        Ok(vec![E::ReportSubmitted {
            task_id: self.task_id,
            project_id: self.project_id,
            volunteer,
            report_id: report_id(assignment_id(self.task_id, volunteer), attempt),
            attempt,
            photos,
            comment,
        }])
    }

    fn approve(
        &self,
        actor: &Actor,
        project_owner: Uuid,
        report_id: Uuid,
        stars: Option<u8>,
        comment: Option<&str>,
    ) -> Result<Vec<E>, Error> {
        let volunteer = self.moderated_by(actor, project_owner, report_id)?;
        if self.status == Some(S::Approved) {
            return Err(Error::AlreadyApproved);
        }
        let mut errors = Vec::new();
        if stars.is_some_and(|s| !(1..=5).contains(&s)) {
            errors.push(("stars", OUT_OF_RANGE));
        }
        let comment = validation::optional_text(&mut errors, "comment", comment, MAX_COMMENT);
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        if stars.is_some_and(|s| s <= 3) && comment.is_none() {
            return Err(Error::CommentRequired);
        }
        Ok(vec![E::ReportApproved {
            task_id: self.task_id,
            project_id: self.project_id,
            volunteer,
            report_id,
            attempt: self.attempt,
            stars,
            comment,
            moderator: actor.id,
        }])
    }

    /// The volunteer acting on their own assignment (the stream is per volunteer).
    fn own(&self, actor: &Actor) -> Result<Uuid, Error> {
        match (actor.id, self.volunteer) {
            (Some(id), None) => Ok(id),
            (Some(id), Some(volunteer)) if id == volunteer => Ok(id),
            _ => Err(Error::Forbidden),
        }
    }

    /// Checks the moderator and that `report` is the attempt waiting for a decision; returns
    /// the volunteer. An id this assignment never had is `NotFound`; an earlier attempt (always
    /// decided: a new attempt needs a rejection) or a decided latest one is `AlreadyModerated`
    /// (callers refine an approval of the approved report into `AlreadyApproved`).
    fn moderated_by(
        &self,
        actor: &Actor,
        project_owner: Uuid,
        report: Uuid,
    ) -> Result<Uuid, Error> {
        let Some(volunteer) = self.volunteer else {
            return Err(Error::NotFound);
        };
        if !self.reports.contains(&report) {
            return Err(Error::NotFound);
        }
        if !owner_or_admin(actor, project_owner) || actor.id == Some(volunteer) {
            return Err(Error::Forbidden);
        }
        if self.reports.last() != Some(&report) {
            return Err(Error::AlreadyModerated);
        }
        match self.status {
            Some(S::Submitted | S::Approved) => Ok(volunteer),
            Some(S::Rejected) => Err(Error::AlreadyModerated),
            _ => Err(Error::NotFound),
        }
    }

    fn task_or(&self, task_id: Uuid, project_id: Uuid) -> (Uuid, Uuid) {
        match self.status {
            Some(_) => (self.task_id, self.project_id),
            None => (task_id, project_id),
        }
    }
}

fn check_task(task_open: bool, eligible: bool) -> Result<(), Error> {
    if !eligible {
        return Err(Error::Forbidden);
    }
    if !task_open {
        return Err(Error::TaskNotOpen);
    }
    Ok(())
}
