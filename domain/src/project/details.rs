//! What an organizer describes about a project, and its field rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::validation::{self, FieldError, INVALID, OUT_OF_RANGE, REQUIRED, TOO_LONG};

/// Longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest description, in characters.
pub const MAX_DESCRIPTION: usize = 5000;
/// Largest capacity.
pub const MAX_CAPACITY: u32 = 10_000;
/// Most tags per project.
pub const MAX_TAGS: usize = 20;
/// Longest tag, in characters.
pub const MAX_TAG: usize = 50;

/// The kind of volunteering a project offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VolunteerType {
    /// Help to people.
    Social,
    /// Clean-ups, planting, nature.
    Environmental,
    /// Culture and heritage.
    Cultural,
}

impl VolunteerType {
    /// The stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Social => "social",
            Self::Environmental => "environmental",
            Self::Cultural => "cultural",
        }
    }
}

/// The editable description of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectDetails {
    /// Title, 1..=200 characters.
    pub title: String,
    /// Description, 1..=5000 characters.
    pub description: String,
    /// Kind of volunteering.
    pub volunteer_type: VolunteerType,
    /// City.
    pub city: String,
    /// Street address.
    pub address: Option<String>,
    /// Latitude, -90..=90.
    pub latitude: Option<f64>,
    /// Longitude, -180..=180.
    pub longitude: Option<f64>,
    /// First day (Almaty date).
    pub start_date: Option<NaiveDate>,
    /// Last day (Almaty date); nobody joins after it.
    pub end_date: Option<NaiveDate>,
    /// Most members, 1..=10000; none means unlimited.
    pub capacity: Option<u32>,
    /// Public contact phone of the project (an organisation's, not an account's).
    pub contact_phone: Option<String>,
    /// Public contact e-mail of the project.
    pub contact_email: Option<String>,
    /// Public Telegram handle or link of the project.
    pub contact_telegram: Option<String>,
    /// Up to 20 tags of up to 50 characters.
    pub tags: Vec<String>,
}

impl ProjectDetails {
    /// Checks every field and returns each failure as `(field, code)`.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        self.normalised().map(|_| ())
    }

    /// The details with text trimmed and blank optional text removed, or every failed field.
    pub fn normalised(&self) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let title = validation::text(e, "title", &self.title, MAX_TITLE);
        let description = validation::text(e, "description", &self.description, MAX_DESCRIPTION);
        let city = validation::text(e, "city", &self.city, 100);
        let address = validation::optional_text(e, "address", self.address.as_deref(), 500);
        let contact_phone =
            validation::optional_text(e, "contact_phone", self.contact_phone.as_deref(), 32);
        let contact_email =
            validation::optional_text(e, "contact_email", self.contact_email.as_deref(), 254);
        if contact_email.as_deref().is_some_and(|m| !m.contains('@')) {
            e.push(("contact_email", INVALID));
        }
        let contact_telegram =
            validation::optional_text(e, "contact_telegram", self.contact_telegram.as_deref(), 64);
        match (self.latitude, self.longitude) {
            (Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) {
                    e.push(("latitude", OUT_OF_RANGE));
                }
                if !(-180.0..=180.0).contains(&lon) {
                    e.push(("longitude", OUT_OF_RANGE));
                }
            }
            (Some(_), None) => e.push(("longitude", REQUIRED)),
            (None, Some(_)) => e.push(("latitude", REQUIRED)),
            (None, None) => {}
        }
        if let (Some(start), Some(end)) = (self.start_date, self.end_date)
            && end < start
        {
            e.push(("end_date", OUT_OF_RANGE));
        }
        if self
            .capacity
            .is_some_and(|c| !(1..=MAX_CAPACITY).contains(&c))
        {
            e.push(("capacity", OUT_OF_RANGE));
        }
        if self.tags.len() > MAX_TAGS {
            e.push(("tags", TOO_LONG));
        }
        let mut tags = Vec::with_capacity(self.tags.len());
        for tag in &self.tags {
            let mut tag_errors = Vec::new();
            match validation::text(&mut tag_errors, "tags", tag, MAX_TAG) {
                Some(tag) if !tags.contains(&tag) => tags.push(tag),
                Some(_) => {}
                None => {
                    for failure in tag_errors {
                        if !e.contains(&failure) {
                            e.push(failure);
                        }
                    }
                }
            }
        }
        match (title, description, city) {
            (Some(title), Some(description), Some(city)) if errors.is_empty() => Ok(Self {
                title,
                description,
                volunteer_type: self.volunteer_type,
                city,
                address,
                latitude: self.latitude,
                longitude: self.longitude,
                start_date: self.start_date,
                end_date: self.end_date,
                capacity: self.capacity,
                contact_phone,
                contact_email,
                contact_telegram,
                tags,
            }),
            _ => Err(errors),
        }
    }
}
