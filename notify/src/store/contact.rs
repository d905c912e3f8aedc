//! Send-time reads: how to reach a person (language, Telegram chat, devices, settings) and the
//! names a text mentions (project, task, volunteer, rating, achievement).

use std::collections::BTreeMap;

use birqadam_domain::notification::NotificationSettings;
use birqadam_domain::values::Language;
use birqadam_projections::queries::notification_settings;
use sqlx::PgPool;
use uuid::Uuid;

/// How to reach one account now.
#[derive(Debug, Clone)]
pub struct Contact {
    /// The account's interface language.
    pub language: Language,
    /// The linked Telegram user (a private chat's id), if any.
    pub telegram_id: Option<i64>,
    /// False after Telegram said the person blocked the bot (until they talk to it again).
    pub telegram_reachable: bool,
    /// Registered device tokens.
    pub devices: Vec<String>,
    /// Mutes and quiet hours.
    pub settings: NotificationSettings,
}

/// The contact of `account`; `None` for an account the views do not know.
pub async fn contact(pool: &PgPool, account: Uuid) -> Result<Option<Contact>, sqlx::Error> {
    let row: Option<(String, Option<i64>, bool)> = sqlx::query_as(
        "select language, telegram_id, telegram_reachable from accounts_view where id = $1",
    )
    .bind(account)
    .fetch_optional(pool)
    .await?;
    let Some((language, telegram_id, telegram_reachable)) = row else {
        return Ok(None);
    };
    let devices = sqlx::query_scalar(
        "select token from devices where account_id = $1 order by created_at, token",
    )
    .bind(account)
    .fetch_all(pool)
    .await?;
    Ok(Some(Contact {
        language: Language::parse(&language).unwrap_or_default(),
        telegram_id,
        telegram_reachable,
        devices,
        settings: notification_settings::load(pool, account).await?,
    }))
}

/// Forgets a device token FCM called dead (whoever it belongs to now).
pub async fn remove_device(pool: &PgPool, token: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("delete from devices where token = $1")
        .bind(token)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// What a text mentions, read from the views at send time (absent: a fallback word is used).
#[derive(Debug, Clone, Default)]
pub struct Subjects {
    /// The project's title.
    pub project: Option<String>,
    /// The task's text.
    pub task: Option<String>,
    /// The volunteer's display name.
    pub volunteer: Option<String>,
    /// The recipient's rating now.
    pub rating: Option<i32>,
    /// The achievement's name per language (`{ru, kk, en}`).
    pub achievement: Option<serde_json::Value>,
}

/// Reads the subjects a delivery's params name.
pub async fn subjects(
    pool: &PgPool,
    recipient: Uuid,
    params: &BTreeMap<String, String>,
) -> Result<Subjects, sqlx::Error> {
    let id = |key: &str| params.get(key).and_then(|v| Uuid::parse_str(v).ok());
    let task: Option<(String, Uuid)> = match id("task_id") {
        Some(task) => {
            sqlx::query_as("select text, project_id from tasks_view where id = $1")
                .bind(task)
                .fetch_optional(pool)
                .await?
        }
        None => None,
    };
    let project = match id("project_id").or(task.as_ref().map(|t| t.1)) {
        Some(project) => {
            sqlx::query_scalar("select title from projects_view where id = $1")
                .bind(project)
                .fetch_optional(pool)
                .await?
        }
        None => None,
    };
    let volunteer = match id("volunteer_id") {
        Some(account) => {
            sqlx::query_scalar("select name from accounts_view where id = $1")
                .bind(account)
                .fetch_optional(pool)
                .await?
        }
        None => None,
    };
    let rating = sqlx::query_scalar("select rating from accounts_view where id = $1")
        .bind(recipient)
        .fetch_optional(pool)
        .await?;
    let achievement = match params.get("achievement_id") {
        Some(slug) => {
            sqlx::query_scalar("select name from achievement_catalogue_view where id = $1")
                .bind(slug)
                .fetch_optional(pool)
                .await?
        }
        None => None,
    };
    Ok(Subjects {
        project,
        task: task.map(|t| t.0),
        volunteer,
        rating,
        achievement,
    })
}
