//! Organizer onboarding: applications, their moderation by admins, role grants, and the
//! idempotent operator command that creates the first admin.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::helpers::app::Reply;
use crate::helpers::fixtures::Session;

mod applications;
mod decisions;
mod first_admin;
mod refusals;
mod roles;

const PENDING: &str = "/api/v1/admin/organizer-applications?status=pending";

fn application(organization: &str) -> Value {
    json!({
        "organization_name": organization,
        "description": "Clean-ups along the Esentai river",
        "city": "Almaty",
        "website": "https://taza.kz",
        "contact_person": "Айгерим",
    })
}

async fn apply(app: &TestApp, who: &Session, organization: &str) -> Reply {
    app.post(
        "/api/v1/organizer-application",
        &application(organization),
        Some(&who.token),
    )
    .await
}

async fn decide(app: &TestApp, admin: &Session, id: &str, decision: &str, body: &Value) -> Reply {
    let path = format!("/api/v1/admin/organizer-applications/{id}/{decision}");
    app.post(&path, body, Some(&admin.token)).await
}

fn ids(page: &Reply) -> Vec<String> {
    page.json["items"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|i| i["account_id"].as_str().expect("account_id").to_owned())
        .collect()
}
