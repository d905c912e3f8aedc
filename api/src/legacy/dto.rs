//! The JSON shapes the app's models parse, with the app's source of each field.

use birqadam_commands::accounts::Registered;
use birqadam_projections::projects::ProjectRow;
use birqadam_projections::queries::AccountRow;
use chrono::NaiveDate;
use serde::Serialize;

/// `UserModel.fromJson` (`models/user_model.dart:26`): `id` int, `username`, `email`, `name`,
/// `role`, `is_organizer`, `is_approved`, `is_rejected`, `rating` int, `registration_source`.
#[derive(Debug, Serialize)]
pub(super) struct LegacyUser {
    /// Omitted only while the numbering view lags (the app then reads 0 until its next profile
    /// read); see `ids::number`.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    username: String,
    email: String,
    name: String,
    phone: Option<String>,
    role: &'static str,
    is_organizer: bool,
    is_approved: bool,
    is_rejected: bool,
    rating: i32,
    registration_source: Option<String>,
    telegram_linked: bool,
}

/// The app knows two roles; an applicant or an organizer is `organizer`, whose `is_approved`
/// says whether the application was approved (the old server's meaning).
fn role_of(roles: &[String], organizer_status: &str) -> &'static str {
    if roles.iter().any(|r| r == "organizer") || organizer_status != "none" {
        "organizer"
    } else {
        "volunteer"
    }
}

impl LegacyUser {
    /// The integer id, if numbered.
    pub(super) fn id(&self) -> Option<i64> {
        self.id
    }

    /// The e-mail (also the app's `username`).
    pub(super) fn email(&self) -> &str {
        &self.email
    }

    /// The display name.
    pub(super) fn name(&self) -> &str {
        &self.name
    }

    /// `volunteer` or `organizer`.
    pub(super) fn role(&self) -> &'static str {
        self.role
    }

    /// The rating.
    pub(super) fn rating(&self) -> i32 {
        self.rating
    }

    /// From the accounts view.
    pub(super) fn from_row(row: AccountRow, id: Option<i64>) -> Self {
        let role = role_of(&row.roles, &row.organizer_status);
        let email = row.email.unwrap_or_default();
        Self {
            id,
            username: email.clone(),
            email,
            name: row.name,
            phone: row.phone,
            role,
            is_organizer: row.roles.iter().any(|r| r == "organizer"),
            is_approved: role == "volunteer" || row.organizer_status == "approved",
            is_rejected: row.organizer_status == "rejected",
            rating: row.rating,
            registration_source: None,
            telegram_linked: row.telegram_linked,
        }
    }

    /// From what a registration appended (docs/decisions/0012), not from a view.
    pub(super) fn from_registered(r: &Registered, id: Option<i64>) -> Self {
        let email = r.email.as_str().to_owned();
        Self {
            id,
            username: email.clone(),
            email,
            name: r.name.as_str().to_owned(),
            phone: r.phone.as_ref().map(|p| p.as_str().to_owned()),
            role: "volunteer",
            is_organizer: false,
            is_approved: true,
            is_rejected: false,
            rating: 0,
            registration_source: Some("mobile_app".to_owned()),
            telegram_linked: false,
        }
    }
}

/// `Project.fromJson` (`providers/volunteer_projects_provider.dart:35`): `id`, `title`,
/// `description`, `city`, `start_date`, `end_date`, `creator_name`, `volunteer_count`,
/// `task_count`, `is_joined`, `volunteer_type`; the map marker and organizer list read more of
/// the same names.
#[derive(Debug, Serialize)]
pub(super) struct LegacyProject {
    id: i64,
    title: String,
    description: String,
    city: String,
    address: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    creator_name: String,
    volunteer_count: i32,
    task_count: i64,
    is_joined: bool,
    volunteer_type: String,
    status: String,
    created_at: String,
}

impl LegacyProject {
    /// A project with its number and its count of tasks that are not cancelled.
    pub(super) fn new(r: ProjectRow, id: i64, task_count: i64) -> Self {
        Self {
            id,
            title: r.title,
            description: r.description,
            city: r.city,
            address: r.address,
            latitude: r.latitude,
            longitude: r.longitude,
            start_date: r.start_date,
            end_date: r.end_date,
            creator_name: r.organizer_name.unwrap_or_default(),
            volunteer_count: r.members_count,
            task_count,
            is_joined: r.joined,
            volunteer_type: r.volunteer_type,
            status: r.status,
            created_at: r
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

/// `ProjectMarker.fromJson` (models/project_marker.dart:36-55): `id` int, `title`,
/// `description`, `latitude`/`longitude` num, `city`, `volunteer_type`, `start_date`?,
/// `end_date`?, `volunteers_count` int, `is_joined` bool, `creator_name`, `creator_avatar`?,
/// `status`.
#[derive(Debug, Serialize)]
pub(super) struct LegacyMarker {
    id: i64,
    title: String,
    description: String,
    latitude: f64,
    longitude: f64,
    city: String,
    volunteer_type: String,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    volunteers_count: i32,
    is_joined: bool,
    creator_name: String,
    creator_avatar: Option<String>,
    status: String,
}

impl LegacyMarker {
    /// A marker for a project with coordinates (none without them).
    pub(super) fn new(r: ProjectRow, id: i64) -> Option<Self> {
        Some(Self {
            id,
            latitude: r.latitude?,
            longitude: r.longitude?,
            title: r.title,
            description: r.description,
            city: r.city,
            volunteer_type: r.volunteer_type,
            start_date: r.start_date,
            end_date: r.end_date,
            volunteers_count: r.members_count,
            is_joined: r.joined,
            creator_name: r.organizer_name.unwrap_or_default(),
            creator_avatar: None,
            status: r.status,
        })
    }
}

/// `{"message": …}`, what the old server answered to joins and leaves.
#[derive(Debug, Serialize)]
pub(super) struct Message {
    /// A human sentence (the app does not parse it).
    pub(super) message: &'static str,
}
