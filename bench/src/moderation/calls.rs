//! The calls the moderation scenario makes, one per request: approvals and joins over HTTP and
//! in process, and the volunteers' tokens for the HTTP joins.

use std::sync::Arc;

use birqadam_commands::{CommandError, Commands};
use birqadam_domain::Role;
use serde_json::json;
use uuid::Uuid;

use crate::load::Call;
use crate::world::{World, as_account};

/// The HTTP status the API would answer for `result` (refusals print their reason).
fn status_of(result: Result<(), CommandError>) -> u16 {
    match result {
        Ok(()) => 200,
        Err(CommandError::Conflict) => 409,
        Err(e) => {
            eprintln!("in-process command failed: {e}");
            500
        }
    }
}

pub(super) fn approve_in_process(
    commands: &Commands,
    world: &World,
    ids: Vec<Uuid>,
) -> (Call, usize) {
    let (commands, owner, total) = (commands.clone(), world.owner.clone(), ids.len());
    let ids = Arc::new(ids);
    let call: Call = Arc::new(move |n| {
        let (commands, owner, id) = (commands.clone(), owner.clone(), ids[n]);
        Box::pin(async move { status_of(commands.approve_report(&owner, id, Some(5), None).await) })
    });
    (call, total)
}

pub(super) fn join_in_process(
    commands: &Commands,
    world: &World,
    project: Uuid,
    total: usize,
) -> (Call, usize) {
    let commands = commands.clone();
    let ids: Arc<Vec<Uuid>> = Arc::new(world.volunteers.iter().map(|(id, _)| *id).collect());
    let call: Call = Arc::new(move |n| {
        let (commands, id) = (commands.clone(), ids[n]);
        Box::pin(async move {
            status_of(
                commands
                    .join_project(&as_account(id, &[Role::Volunteer]), project)
                    .await,
            )
        })
    });
    (call, total)
}

pub(super) fn http_approve(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    ids: Vec<Uuid>,
) -> (Call, usize) {
    let (http, base, token, total) = (http.clone(), base.to_owned(), token.to_owned(), ids.len());
    let ids = Arc::new(ids);
    let call: Call = Arc::new(move |n| {
        let request = http
            .post(format!("{base}/api/v1/reports/{}/approve", ids[n]))
            .bearer_auth(&token)
            .json(&json!({"stars": 5}))
            .send();
        Box::pin(async move { request.await.map_or(0, |r| r.status().as_u16()) })
    });
    (call, total)
}

pub(super) fn http_join(
    http: &reqwest::Client,
    base: &str,
    tokens: &Arc<Vec<String>>,
    project: Uuid,
    total: usize,
) -> (Call, usize) {
    let (http, tokens) = (http.clone(), Arc::clone(tokens));
    let url = format!("{base}/api/v1/projects/{project}/join");
    let call: Call = Arc::new(move |n| {
        let request = http.post(&url).bearer_auth(&tokens[n]).send();
        Box::pin(async move { request.await.map_or(0, |r| r.status().as_u16()) })
    });
    (call, total)
}

/// Fresh access tokens of the first `count` volunteers (their seeded hashes are cheap).
pub(super) async fn volunteer_tokens(
    commands: &Commands,
    world: &World,
    count: usize,
) -> anyhow::Result<Arc<Vec<String>>> {
    let mut tokens = Vec::new();
    for (_, email) in world.volunteers.iter().take(count) {
        let (_, t) = commands.login(email, crate::seed::PASSWORD).await?;
        tokens.push(t.access_token);
    }
    Ok(Arc::new(tokens))
}
