//! Who is asking, and what they may see. The read rules live here once, so the REST API, the bot
//! and any later adapter give the same answers: a report is seen by its volunteer, the project's
//! owner and admins; a project by everyone once approved (and not deleted), otherwise by its owner
//! and admins; members and tasks of a project by its owner and admins (tasks also by members); the
//! moderation queue by organizers (their own projects) and admins (all); the audit log by auditors
//! and admins.

use birqadam_domain::Role;
use uuid::Uuid;

use crate::assignments::ReportRow;
use crate::projects::ProjectRow;
use crate::queries::PhotoRow;

/// The account a query is answered for, with the roles that widen what it may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// The account.
    pub id: Uuid,
    /// Admins see everything.
    pub admin: bool,
    /// Organizers moderate their own projects.
    pub organizer: bool,
    /// Auditors read the audit log (events, proofs, verification).
    pub auditor: bool,
}

impl Viewer {
    /// The viewer `id` holding `roles`.
    pub fn new(id: Uuid, roles: &[Role]) -> Self {
        Self {
            id,
            admin: roles.contains(&Role::Admin),
            organizer: roles.contains(&Role::Organizer),
            auditor: roles.contains(&Role::Auditor),
        }
    }

    /// Its volunteer, the project's owner, an admin.
    pub fn may_see_report(&self, report: &ReportRow) -> bool {
        self.sees_reports_of(report.volunteer_id, report.project_owner_id)
    }

    /// A photo goes with its report.
    pub fn may_see_photo(&self, photo: &PhotoRow) -> bool {
        self.sees_reports_of(photo.volunteer_id, photo.project_owner_id)
    }

    fn sees_reports_of(&self, volunteer: Uuid, project_owner: Option<Uuid>) -> bool {
        volunteer == self.id || project_owner == Some(self.id) || self.admin
    }

    /// Approved and not deleted: everyone; otherwise its owner and admins.
    pub fn may_see_project(&self, project: &ProjectRow) -> bool {
        (project.status == "approved" && !project.deleted) || self.may_manage(project)
    }

    /// Its owner and admins (members list, moderation of its reports).
    pub fn may_manage(&self, project: &ProjectRow) -> bool {
        project.owner_id == self.id || self.admin
    }

    /// Its owner, admins and members (`joined` is the viewer's membership).
    pub fn may_see_tasks_of(&self, project: &ProjectRow) -> bool {
        self.may_manage(project) || project.joined
    }

    /// Organizers and admins have a moderation queue.
    pub fn moderates(&self) -> bool {
        self.organizer || self.admin
    }

    /// Auditors and admins read the audit log; a volunteer reads only their own receipts.
    pub fn may_audit(&self) -> bool {
        self.auditor || self.admin
    }

    /// The owner whose projects' reports the moderation queue holds; `None` for admins (all).
    pub fn moderation_scope(&self) -> Option<Uuid> {
        (!self.admin).then_some(self.id)
    }
}
