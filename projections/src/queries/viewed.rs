//! The reads that depend on who asks: each checks the rules of [`Viewer`] and answers
//! [`QueryError::NotFound`] for what the viewer may not know exists and [`QueryError::Forbidden`]
//! for what they may know but not read. Adapters call these, never a role check of their own.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{MemberRow, ModerationFilter, PhotoRow, ProjectFilter, Queries, Visibility};
use crate::assignments::ReportRow;
use crate::error::QueryError;
use crate::keyset::{Keyset, Page};
use crate::organizer_applications::OrganizerApplicationRow;
use crate::projects::ProjectRow;
use crate::tasks::TaskRow;
use crate::viewer::Viewer;

/// A keyset over `(instant, id)`, the sort key of every list here.
type ByTime = Keyset<(DateTime<Utc>, Uuid)>;

impl Queries {
    /// A report its volunteer, the project's owner or an admin asks for.
    pub async fn report_for(&self, viewer: &Viewer, id: Uuid) -> Result<ReportRow, QueryError> {
        self.report(id)
            .await?
            .filter(|r| viewer.may_see_report(r))
            .ok_or(QueryError::NotFound)
    }

    /// A photo of a report the viewer may see.
    pub async fn photo_for(&self, viewer: &Viewer, id: Uuid) -> Result<PhotoRow, QueryError> {
        self.photo(id)
            .await?
            .filter(|p| viewer.may_see_photo(p))
            .ok_or(QueryError::NotFound)
    }

    /// A project as the viewer sees it (with `joined` for them).
    pub async fn project_for(&self, viewer: &Viewer, id: Uuid) -> Result<ProjectRow, QueryError> {
        self.project(id, Some(viewer.id))
            .await?
            .filter(|p| viewer.may_see_project(p))
            .ok_or(QueryError::NotFound)
    }

    /// The catalogue: approved projects for everyone, plus the viewer's own; admins see all.
    pub async fn projects_for(
        &self,
        viewer: &Viewer,
        filter: &ProjectFilter,
        keyset: &ByTime,
    ) -> Result<Page<ProjectRow>, QueryError> {
        let visible_to = if viewer.admin {
            Visibility::Admin
        } else {
            Visibility::Owner(viewer.id)
        };
        self.projects(filter, visible_to, Some(viewer.id), keyset)
            .await
    }

    /// A project's members, for its owner and admins.
    pub async fn project_members_for(
        &self,
        viewer: &Viewer,
        project_id: Uuid,
        keyset: &ByTime,
    ) -> Result<Page<MemberRow>, QueryError> {
        let project = self.project_for(viewer, project_id).await?;
        if !viewer.may_manage(&project) {
            return Err(QueryError::Forbidden);
        }
        self.project_members(project_id, keyset).await
    }

    /// A project's tasks, for its owner, its members and admins.
    pub async fn project_tasks_for(
        &self,
        viewer: &Viewer,
        project_id: Uuid,
        keyset: &ByTime,
    ) -> Result<Page<TaskRow>, QueryError> {
        let project = self.project_for(viewer, project_id).await?;
        if !viewer.may_see_tasks_of(&project) {
            return Err(QueryError::Forbidden);
        }
        self.project_tasks(project_id, keyset).await
    }

    /// The moderation queue: an organizer's own projects, every project for an admin.
    pub async fn moderation_queue_for(
        &self,
        viewer: &Viewer,
        status: Option<String>,
        project_id: Option<Uuid>,
        keyset: &ByTime,
    ) -> Result<Page<ReportRow>, QueryError> {
        if !viewer.moderates() {
            return Err(QueryError::Forbidden);
        }
        let filter = ModerationFilter {
            status,
            project_id,
            owner: viewer.moderation_scope(),
        };
        self.moderation_queue(&filter, keyset).await
    }

    /// Organizer applications, for admins.
    pub async fn organizer_applications_for(
        &self,
        viewer: &Viewer,
        status: Option<&str>,
        keyset: &ByTime,
    ) -> Result<Page<OrganizerApplicationRow>, QueryError> {
        if !viewer.admin {
            return Err(QueryError::Forbidden);
        }
        self.organizer_applications(status, keyset).await
    }
}
