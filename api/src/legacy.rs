//! The legacy door: the routes the existing BirQadam Flutter app calls (issue 11), under
//! `/custom-admin/api/` and `/custom-admin/api/v1/` with the app's trailing slashes. Thin like
//! every adapter: each handler extracts what the app sends, calls the same `Commands`/`Queries`
//! method as its `/api/v1` twin and maps the result into the JSON the app's models parse. The
//! differences are only of shape: integer ids (`legacy_ids_view`, mapped both ways in
//! [`ids`]), `{"error": "…"}` bodies with the `/api/v1` status codes ([`error`]), and
//! non-rotating refresh tokens (docs/decisions/0019). `docs/mobile-app.md` lists every call the
//! app makes and which of them are served here.

mod auth;
mod dto;
mod error;
mod extras;
mod ids;
mod media;
mod organizer;
mod profile;
mod projects;
mod rating;
mod report_view;
mod reports;
mod tasks;

use axum::Router;
use axum::middleware::from_fn;
use axum::routing::{MethodRouter, any, get, post, put};

use crate::rate_limit::RateLimits;
use crate::state::AppState;

/// The two prefixes the app uses (`services/api/api_service.dart` and `config/app_config.dart`).
pub const PREFIXES: [&str; 2] = ["/custom-admin/api", "/custom-admin/api/v1"];

/// Every legacy route under both prefixes, with its state and the app's error bodies; login and
/// registration behind the same rate limits as `/api/v1`.
pub fn router(limits: &RateLimits, state: AppState) -> Router {
    Router::new()
        .merge(limits.login(on_both("/login/", post(auth::log_in))))
        .merge(limits.registration(on_both("/register/", post(auth::register_account))))
        .merge(on_both("/token/refresh/", post(auth::refresh_access_token)))
        .merge(on_both("/logout/", post(auth::log_out)))
        .merge(on_both(
            "/profile/",
            get(profile::get_profile).patch(profile::update_profile),
        ))
        .merge(on_both("/projects/", get(projects::list_projects)))
        .merge(on_both(
            "/projects/{id}/join/",
            post(projects::join_project),
        ))
        .merge(on_both(
            "/projects/{id}/leave/",
            post(projects::leave_project),
        ))
        .merge(on_both(
            "/organizer/projects/",
            get(organizer::list_own_projects).post(organizer::create_own_project),
        ))
        .merge(on_both(
            "/projects/{id}/manage/",
            put(organizer::edit_own_project).delete(organizer::delete_own_project),
        ))
        .merge(on_both(
            "/projects/{id}/participants/",
            get(organizer::list_participants),
        ))
        .merge(on_both(
            "/projects/{id}/tasks/",
            post(tasks::create_project_task),
        ))
        .merge(on_both("/map/projects/", get(projects::list_map_markers)))
        .merge(on_both("/tasks/", get(tasks::list_tasks)))
        .merge(on_both("/tasks/{id}/accept/", post(tasks::accept_task)))
        .merge(on_both("/tasks/{id}/decline/", post(tasks::decline_task)))
        .merge(on_both(
            "/tasks/{id}/photos/",
            get(reports::get_task_photos),
        ))
        .merge(limits.uploads(on_both(
            "/tasks/{id}/photo-reports/",
            post(reports::upload_photo_report),
        )))
        .merge(on_both(
            "/photo-reports/",
            get(reports::list_my_photo_reports),
        ))
        .merge(on_both(
            "/organizer/photo-reports/",
            get(reports::list_organizer_photo_reports),
        ))
        .merge(on_both(
            "/photo-reports/{id}/",
            get(reports::get_photo_report),
        ))
        .merge(on_both(
            "/photo-reports/{id}/rate/",
            post(reports::rate_photo_report),
        ))
        .merge(on_both(
            "/photo-reports/{id}/reject/",
            post(reports::reject_photo_report),
        ))
        .merge(on_both("/achievements/", get(rating::list_achievements)))
        .merge(on_both(
            "/achievements/progress/",
            get(rating::get_progress),
        ))
        .merge(on_both("/activities/", get(rating::list_activities)))
        .merge(on_both("/user/stats/", get(rating::get_user_stats)))
        .merge(on_both(
            "/device-token/",
            post(extras::register_device_token).delete(extras::not_available_yet),
        ))
        .merge(on_both(
            "/calendar/events/",
            get(extras::list_calendar_events).post(extras::not_available_yet),
        ))
        .merge(on_both(
            "/calendar/events/{id}/",
            get(extras::no_such_route)
                .put(extras::not_available_yet)
                .delete(extras::not_available_yet),
        ))
        .merge(on_both(
            "/calendar/events/{id}/participants/",
            post(extras::not_available_yet),
        ))
        .merge(on_both(
            "/geofence/reminders/",
            get(extras::list_geofence_reminders).post(extras::not_available_yet),
        ))
        .merge(on_both(
            "/geofence/reminders/{id}/",
            any(extras::not_available_yet),
        ))
        .merge(on_both(
            "/geofence/projects/",
            get(extras::list_geofence_projects),
        ))
        .merge(on_both(
            "/geofence/events/",
            get(extras::list_geofence_events),
        ))
        .merge(on_both("/geofence/check/", post(extras::check_geofence)))
        .merge(on_both("/chats/", get(extras::list_chats)))
        .route(media::PHOTO_PATH, get(media::download_signed_photo))
        .route("/custom-admin/api/{*rest}", any(extras::no_such_route))
        .route("/custom-admin/api", any(extras::no_such_route))
        // a bare 405 of the router becomes the /api/v1 problem first, then the app's body
        .layer(from_fn(crate::startup::problem_for_bare_errors))
        .layer(from_fn(error::legacy_bodies))
        .with_state(state)
}

/// `path` under both prefixes.
fn on_both(path: &str, route: MethodRouter<AppState>) -> Router<AppState> {
    PREFIXES.iter().fold(Router::new(), |router, prefix| {
        router.route(&format!("{prefix}{path}"), route.clone())
    })
}
