//! `/api/v1/me*`: profile changes with unique e-mail and phone, Telegram link codes, devices.

use crate::helpers::TestApp;
use crate::helpers::fixtures::Session;
use crate::helpers::requests::registration;

mod conflicts;
mod devices;
mod freeing;
mod profile;
mod telegram;

async fn register(app: &TestApp, name: &str, email: &str, phone: Option<&str>) -> Session {
    let reply = app.register(&registration(name, email, phone)).await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    app.login(email, "password123").await
}
