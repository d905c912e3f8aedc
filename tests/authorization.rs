//! Who may see and do what in the core loop: moderation by owners and admins only, membership
//! rules, organizer-only project creation, and no member contact data in volunteer-visible bodies.

use crate::helpers::TestApp;
use crate::helpers::fixtures::Session;
use crate::helpers::requests::registration;

mod contacts;
mod joining;
mod members;
mod moderation;
mod project_input;

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A volunteer registered with an e-mail and a phone; returns the session and both.
async fn volunteer_with_contacts(app: &TestApp, name: &str, phone: &str) -> (Session, String) {
    let email = format!("{}@contacts.kz", uuid::Uuid::new_v4().simple());
    let reply = app.register(&registration(name, &email, Some(phone))).await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let session = app.login(&email, "password123").await;
    (session, email)
}
