//! `birqadam seed-demo`: a living system for newcomers — an admin, two organizers, thirty
//! volunteers, approved projects in Almaty, tasks, and reports in every state.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use birqadam_commands::consistency::ViewsCatchup;
use birqadam_commands::tasks::NewTask;
use birqadam_commands::{CommandContext, Commands, Dependencies, NewAccount};
use birqadam_domain::account::OrganizerApplication;
use birqadam_domain::clock::SystemClock;
use birqadam_domain::project::{ProjectDetails, VolunteerType};
use birqadam_domain::values::{Email, Language, Password, PersonName, PhoneNumber};
use birqadam_domain::{Actor, Channel, Role};
use birqadam_photos::PhotoLimits;
use birqadam_projections::{ConsumerRunner, all_projectors};
use bytes::Bytes;
use sqlx::PgPool;
use tokio::sync::watch;
use uuid::Uuid;

use crate::settings::Settings;

/// The demo password of every seeded account.
pub const DEMO_PASSWORD: &str = "birqadam-demo";

const PROJECTS: [(&str, &str, f64, f64); 3] = [
    (
        "Субботник на Большом Алматинском озере",
        "BAO, Medeu district",
        43.0506,
        76.9857,
    ),
    (
        "Уборка берега реки Есентай",
        "Esentai river, Al-Farabi ave",
        43.2189,
        76.9277,
    ),
    ("Чистый Кок-Тобе", "Kok-Tobe hill", 43.2334, 76.9773),
];

fn ctx(id: Uuid, roles: &[Role]) -> CommandContext {
    CommandContext {
        actor: Actor::account(id, roles.iter().copied()),
        channel: Channel::Import,
        request_id: Some("seed-demo".to_owned()),
        idempotency_key: None,
    }
}

fn parse<T, E: std::fmt::Display>(r: Result<T, E>) -> anyhow::Result<T> {
    r.map_err(|e| anyhow::anyhow!("demo data is invalid: {e}"))
}

/// A small generated photo (a green gradient), so reports have real images.
fn demo_photo(seed: u8) -> anyhow::Result<Bytes> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([
            u8::try_from(x * 3).unwrap_or(0),
            120u8.wrapping_add(seed),
            u8::try_from(y * 4).unwrap_or(0),
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)?;
    Ok(Bytes::from(out.into_inner()))
}

async fn person(
    commands: &Commands,
    name: &str,
    email: &str,
    phone: Option<&str>,
) -> anyhow::Result<Uuid> {
    let new = NewAccount {
        name: parse(PersonName::parse(name))?,
        email: parse(Email::parse(email))?,
        phone: phone
            .map(PhoneNumber::parse)
            .transpose()
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        password: parse(Password::parse(DEMO_PASSWORD))?,
        language: Language::Ru,
    };
    let registered = commands
        .register(&ctx(Uuid::nil(), &[]), new)
        .await
        .with_context(|| format!("registering {email}"))?;
    Ok(registered.id)
}

/// Seeds the demo data; refuses to run twice on one database.
pub async fn seed_demo(settings: &Settings, pool: PgPool) -> anyhow::Result<()> {
    let (stop, stop_rx) = watch::channel(false);
    let views = ConsumerRunner::new(pool.clone(), all_projectors());
    let catchup = Arc::new(ViewsCatchup::new(
        pool.clone(),
        views.catchup(),
        Duration::from_secs(10),
    ));
    let photos = crate::app::photo_store(settings)?;
    let deps = Dependencies {
        auth: settings.auth(),
        catchup,
        clock: Arc::new(SystemClock),
        photos,
        photo_limits: PhotoLimits::default(),
    };
    let commands = Commands::new(pool.clone(), deps)?;
    let view_worker = views.spawn(stop_rx.clone());
    let managers =
        ConsumerRunner::new(pool.clone(), vec![commands.rating_creditor()]).spawn(stop_rx);
    commands.seed_achievements().await?;
    let result = seed(&commands).await;
    let _ = stop.send(true);
    let _ = tokio::time::timeout(Duration::from_secs(10), view_worker).await;
    let _ = tokio::time::timeout(Duration::from_secs(10), managers).await;
    result
}

async fn seed(commands: &Commands) -> anyhow::Result<()> {
    let admin_email = "admin@demo.birqadam.kz";
    let (admin, created) = commands
        .ensure_admin(
            parse(Email::parse(admin_email))?,
            parse(Password::parse(DEMO_PASSWORD))?,
            parse(PersonName::parse("Администратор"))?,
        )
        .await?;
    if !created {
        crate::say!("demo data already present (admin {admin_email} exists); nothing to do");
        return Ok(());
    }
    let admin_ctx = ctx(admin, &[Role::Volunteer, Role::Admin]);
    let mut organizers = Vec::new();
    for (i, name) in ["Дана Организатор", "Ерлан Организатор"]
        .into_iter()
        .enumerate()
    {
        let id = person(
            commands,
            name,
            &format!("organizer{}@demo.birqadam.kz", i + 1),
            None,
        )
        .await?;
        let application = OrganizerApplication {
            organization_name: format!("Таза Алматы {}", i + 1),
            description: "Городские субботники / city clean-ups".to_owned(),
            city: "Алматы".to_owned(),
            website: None,
            contact_person: None,
        };
        commands
            .submit_organizer_application(&ctx(id, &[Role::Volunteer]), application)
            .await?;
        commands.approve_organizer(&admin_ctx, id).await?;
        organizers.push(id);
    }
    let mut volunteers = Vec::new();
    for i in 1..=30 {
        let phone = format!("8 701 555 {:02} {:02}", i / 100, i % 100);
        let id = person(
            commands,
            &format!("Волонтёр {i}"),
            &format!("volunteer{i}@demo.birqadam.kz"),
            Some(&phone),
        )
        .await?;
        volunteers.push(id);
    }
    let today = chrono::Utc::now().date_naive();
    let mut photo_seed = 0u8;
    for (p, (title, address, lat, lon)) in PROJECTS.into_iter().enumerate() {
        let owner = organizers[p % organizers.len()];
        let owner_ctx = ctx(owner, &[Role::Volunteer, Role::Organizer]);
        let details = ProjectDetails {
            title: title.to_owned(),
            description: "Берём перчатки и мешки — убираем мусор вместе. Gloves and bags provided."
                .to_owned(),
            volunteer_type: VolunteerType::Environmental,
            city: "Алматы".to_owned(),
            address: Some(address.to_owned()),
            latitude: Some(lat),
            longitude: Some(lon),
            start_date: Some(today),
            end_date: Some(today + chrono::Duration::days(60)),
            capacity: Some(50),
            contact_phone: None,
            contact_email: None,
            contact_telegram: None,
            tags: vec!["экология".to_owned(), "субботник".to_owned()],
        };
        let project = commands.create_project(&owner_ctx, details).await?;
        commands.approve_project(&admin_ctx, project).await?;
        let members: Vec<Uuid> = volunteers.iter().copied().skip(p * 10).take(12).collect();
        for v in &members {
            commands
                .join_project(&ctx(*v, &[Role::Volunteer]), project)
                .await?;
        }
        let task = NewTask {
            text: "Собрать пластик вдоль тропы и сфотографировать результат".to_owned(),
            deadline_date: Some(today + chrono::Duration::days(7)),
            start_time: chrono::NaiveTime::from_hms_opt(10, 0, 0),
            end_time: chrono::NaiveTime::from_hms_opt(18, 0, 0),
            assignees: None,
        };
        let task = commands.create_task(&owner_ctx, project, task).await?;
        for (n, v) in members.iter().enumerate() {
            let vctx = ctx(*v, &[Role::Volunteer]);
            if n % 6 == 5 {
                commands.decline_task(&vctx, task).await?;
                continue;
            }
            commands.accept_task(&vctx, task).await?;
            if n % 6 == 4 {
                continue; // accepted, no report yet
            }
            photo_seed = photo_seed.wrapping_add(1);
            let report = commands
                .submit_report(
                    &vctx,
                    task,
                    vec![demo_photo(photo_seed)?],
                    Some("Готово!".to_owned()),
                )
                .await?;
            match n % 6 {
                0 | 1 => {
                    commands
                        .approve_report(&owner_ctx, report.id, Some(5), None)
                        .await?
                }
                2 => {
                    commands
                        .reject_report(
                            &owner_ctx,
                            report.id,
                            "Фото размыто, переснимите".to_owned(),
                        )
                        .await?
                }
                _ => {} // pending moderation
            }
        }
    }
    crate::say!("demo data seeded; every password is {DEMO_PASSWORD}");
    crate::say!("  admin:      {admin_email}");
    crate::say!("  organizers: organizer1@demo.birqadam.kz, organizer2@demo.birqadam.kz");
    crate::say!(
        "  volunteers: volunteer1@demo.birqadam.kz … volunteer30@demo.birqadam.kz (phones 8 701 555 00 01 …)"
    );
    Ok(())
}
