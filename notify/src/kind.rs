//! The kinds of notification and what each belongs to (its mutable category).

use birqadam_domain::notification::Category;

/// What a notification tells its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A task was offered to the volunteer.
    TaskOffered,
    /// A task the volunteer was offered was cancelled.
    TaskCancelled,
    /// A report waits for the project owner's moderation (Telegram: with moderation buttons).
    ReportWaiting,
    /// The volunteer's report was approved (stars, comment, new rating).
    ReportApproved,
    /// The volunteer's report was rejected (reason).
    ReportRejected,
    /// The organizer application was approved.
    OrganizerApproved,
    /// The organizer application was rejected (reason).
    OrganizerRejected,
    /// The organizer's project was approved.
    ProjectApproved,
    /// The organizer's project was rejected (reason).
    ProjectRejected,
    /// A project the volunteer belongs to was deleted.
    ProjectDeleted,
    /// The volunteer unlocked an achievement.
    AchievementUnlocked,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Self; 11] = [
        Self::TaskOffered,
        Self::TaskCancelled,
        Self::ReportWaiting,
        Self::ReportApproved,
        Self::ReportRejected,
        Self::OrganizerApproved,
        Self::OrganizerRejected,
        Self::ProjectApproved,
        Self::ProjectRejected,
        Self::ProjectDeleted,
        Self::AchievementUnlocked,
    ];

    /// The stored name (also the `type` of a push's data and the text-table prefix).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TaskOffered => "task_offered",
            Self::TaskCancelled => "task_cancelled",
            Self::ReportWaiting => "report_waiting",
            Self::ReportApproved => "report_approved",
            Self::ReportRejected => "report_rejected",
            Self::OrganizerApproved => "organizer_approved",
            Self::OrganizerRejected => "organizer_rejected",
            Self::ProjectApproved => "project_approved",
            Self::ProjectRejected => "project_rejected",
            Self::ProjectDeleted => "project_deleted",
            Self::AchievementUnlocked => "achievement_unlocked",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The category a person mutes it by.
    pub fn category(self) -> Category {
        match self {
            Self::TaskOffered | Self::TaskCancelled => Category::Tasks,
            Self::ReportWaiting => Category::Reports,
            Self::ReportApproved | Self::ReportRejected => Category::Moderation,
            Self::OrganizerApproved | Self::OrganizerRejected => Category::Organizer,
            Self::ProjectApproved | Self::ProjectRejected | Self::ProjectDeleted => {
                Category::Projects
            }
            Self::AchievementUnlocked => Category::Achievements,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_its_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("nope"), None);
    }
}
