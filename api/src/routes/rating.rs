//! Rating: leaderboard (+ my rank), achievements with progress, rating history, activity, and
//! admin rating adjustments.

mod achievements;
mod adjustments;
mod closed_board;
mod history;
mod leaderboard;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;
use achievements::list_achievements;
use adjustments::adjust_rating;
use history::{get_rating_receipt, list_activity, list_rating_history};
use leaderboard::get_leaderboard;

/// The rating routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/leaderboard", get(get_leaderboard))
        .route("/achievements", get(list_achievements))
        .route("/me/rating-history", get(list_rating_history))
        .route(
            "/me/rating-history/{position}/receipt",
            get(get_rating_receipt),
        )
        .route("/me/activity", get(list_activity))
        .route(
            "/admin/accounts/{id}/rating-adjustments",
            post(adjust_rating),
        )
}
