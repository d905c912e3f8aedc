//! The moderation world, seeded through `Commands` (no read-your-writes waits; the views are
//! caught up between steps): an admin, an approved organizer, volunteers, approved projects,
//! and pending reports, one per volunteer, ready to be approved.

use anyhow::Context;
use birqadam_commands::tasks::NewTask;
use birqadam_commands::{CommandContext, Commands, NewAccount};
use birqadam_domain::account::OrganizerApplication;
use birqadam_domain::project::{ProjectDetails, VolunteerType};
use birqadam_domain::values::{Email, Language, Password, PersonName};
use birqadam_domain::{Actor, Channel, Role};
use bytes::Bytes;
use futures::{StreamExt, TryStreamExt};
use sqlx::PgPool;
use uuid::Uuid;

use crate::seed::{PASSWORD, catch_up_views};

/// Commands at once while seeding.
const CONCURRENCY: usize = 16;

/// Who acts in the world.
pub struct World {
    /// The admin's context.
    pub admin: CommandContext,
    /// The organizer's context (owner of every project).
    pub owner: CommandContext,
    /// The organizer's e-mail.
    pub owner_email: String,
    /// Volunteers: id and e-mail.
    pub volunteers: Vec<(Uuid, String)>,
}

/// A context acting as `id` with `roles`.
pub fn as_account(id: Uuid, roles: &[Role]) -> CommandContext {
    CommandContext {
        actor: Actor::account(id, roles.iter().copied()),
        channel: Channel::Import,
        request_id: Some("bench".to_owned()),
        idempotency_key: None,
    }
}

fn parse<T, E: std::fmt::Display>(r: Result<T, E>) -> anyhow::Result<T> {
    r.map_err(|e| anyhow::anyhow!("bench data is invalid: {e}"))
}

fn new_account(name: &str, email: &str) -> anyhow::Result<NewAccount> {
    Ok(NewAccount {
        name: parse(PersonName::parse(name))?,
        email: parse(Email::parse(email))?,
        phone: None,
        password: parse(Password::parse(PASSWORD))?,
        language: Language::Ru,
    })
}

/// The admin, an approved organizer and `volunteers` volunteers.
pub async fn world(commands: &Commands, volunteers: usize) -> anyhow::Result<World> {
    commands.seed_achievements().await?;
    let (admin, _) = commands
        .ensure_admin(
            parse(Email::parse("m-admin@bench.test"))?,
            parse(Password::parse(PASSWORD))?,
            parse(PersonName::parse("Bench Admin"))?,
        )
        .await?;
    let admin = as_account(admin, &[Role::Admin]);
    let anonymous = as_account(Uuid::nil(), &[]);
    let owner_email = "m-organizer@bench.test".to_owned();
    let owner = commands
        .register(&anonymous, new_account("Bench Organizer", &owner_email)?)
        .await?
        .id;
    let application = OrganizerApplication {
        organization_name: "Bench clean-ups".to_owned(),
        description: "City clean-up day".to_owned(),
        city: "Almaty".to_owned(),
        website: None,
        contact_person: None,
    };
    commands
        .submit_organizer_application(&as_account(owner, &[Role::Volunteer]), application)
        .await?;
    commands.approve_organizer(&admin, owner).await?;
    let volunteers = futures::stream::iter(0..volunteers)
        .map(|i| {
            let anonymous = anonymous.clone();
            async move {
                let email = format!("m-{i}@bench.test");
                let id = commands
                    .register(&anonymous, new_account(&format!("Member {i}"), &email)?)
                    .await
                    .with_context(|| format!("registering {email}"))?
                    .id;
                anyhow::Ok((id, email))
            }
        })
        .buffered(CONCURRENCY)
        .try_collect()
        .await?;
    Ok(World {
        admin,
        owner: as_account(owner, &[Role::Volunteer, Role::Organizer]),
        owner_email,
        volunteers,
    })
}

/// An approved project with room for `capacity` members.
pub async fn project(commands: &Commands, world: &World, capacity: usize) -> anyhow::Result<Uuid> {
    let details = ProjectDetails {
        title: "Clean-up day on the Esentai".to_owned(),
        description: "Gloves and bags provided".to_owned(),
        volunteer_type: VolunteerType::Environmental,
        city: "Almaty".to_owned(),
        address: None,
        latitude: None,
        longitude: None,
        start_date: None,
        end_date: None,
        capacity: Some(u32::try_from(capacity).unwrap_or(u32::MAX)),
        contact_phone: None,
        contact_email: None,
        contact_telegram: None,
        tags: Vec::new(),
    };
    let id = commands.create_project(&world.owner, details).await?;
    commands.approve_project(&world.admin, id).await?;
    Ok(id)
}

/// One pending report per volunteer of `members` (they join a new project, are offered one
/// task, accept it and report with a photo); returns the report ids.
pub async fn pending_reports(
    commands: &Commands,
    pool: &PgPool,
    world: &World,
    members: &[(Uuid, String)],
) -> anyhow::Result<Vec<Uuid>> {
    let project = project(commands, world, members.len()).await?;
    // one at a time: every join appends to the one project stream
    for (id, _) in members {
        commands
            .join_project(&as_account(*id, &[Role::Volunteer]), project)
            .await?;
    }
    catch_up_views(pool).await?;
    let task = NewTask {
        text: "Collect the plastic along the path and photograph the result".to_owned(),
        deadline_date: None,
        start_time: None,
        end_time: None,
        assignees: None,
    };
    let task = commands.create_task(&world.owner, project, task).await?;
    catch_up_views(pool).await?;
    let photo = photo()?;
    let reports = futures::stream::iter(members.iter().map(|(id, _)| *id))
        .map(|id| {
            let photo = photo.clone();
            async move {
                let volunteer = as_account(id, &[Role::Volunteer]);
                retrying(|| commands.accept_task(&volunteer, task)).await?;
                let report = retrying(|| {
                    commands.submit_report(&volunteer, task, vec![photo.clone()], None)
                })
                .await?;
                anyhow::Ok(report.id)
            }
        })
        .buffered(CONCURRENCY)
        .try_collect()
        .await?;
    catch_up_views(pool).await?;
    Ok(reports)
}

/// Runs `f` again while it answers a version conflict (seeding only; at most 20 times).
async fn retrying<T, F, Fut>(f: F) -> Result<T, birqadam_commands::CommandError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, birqadam_commands::CommandError>>,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        match f().await {
            Err(birqadam_commands::CommandError::Conflict) if attempt < 20 => {
                tokio::time::sleep(std::time::Duration::from_millis(10 * attempt)).await;
            }
            other => return other,
        }
    }
}

/// A small PNG (a gradient), so reports carry a real image.
fn photo() -> anyhow::Result<Bytes> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([
            u8::try_from(x * 3).unwrap_or(0),
            120,
            u8::try_from(y * 4).unwrap_or(0),
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)?;
    Ok(Bytes::from(out.into_inner()))
}
