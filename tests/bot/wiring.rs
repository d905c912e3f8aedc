//! teloxide type-checks the dptree schema only when the dispatcher is built: build it with the
//! real dependencies (a wiring mistake panics here, not in production).

use std::sync::Arc;

use birqadam_bot::{Services, client, schema, storage};
use birqadam_projections::Queries;

use crate::helpers::bot::settings;
use crate::helpers::spawn_app;
use crate::helpers::telegram::FakeBotApi;

#[tokio::test(flavor = "multi_thread")]
async fn building_the_dispatcher_with_the_real_dependencies_passes_its_type_check() {
    let app = spawn_app().await;
    let fake = FakeBotApi::start().await;
    let bot = client(&settings(&fake)).expect("a client");
    let services = Arc::new(Services {
        commands: app.commands.clone(),
        queries: Queries::new(app.pool.clone()),
        username: "birqadam_test_bot".to_owned(),
        menus: birqadam_bot::menu::Menus::default(),
    });
    let storage = storage(&app.commands);
    let _dispatcher = schema::dispatcher(bot, services, storage);
}
