//! `GET /leaderboard?period=week|month&at=…`: the closed Almaty week or month containing `at`
//! (an RFC 3339 instant or a `YYYY-MM-DD` Almaty date), served from its committed
//! `LeaderboardPeriodClosed` event (docs/decisions/0036): the same items as the current board,
//! names and achievement counts from today's views, `me` from the committed top (null when the
//! caller is not in it), 404 while the period is not closed.

use birqadam_domain::leaderboard_period::{Period, PeriodKind};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Almaty;

use super::leaderboard::{Board, BoardItem, ClosedInfo, MyPlace};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Validator;
use crate::state::AppState;

/// `at` as an instant: RFC 3339, or Almaty noon of a `YYYY-MM-DD` date.
fn instant(at: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(at) {
        return Some(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(at, "%Y-%m-%d").ok()?;
    let noon = day.and_hms_opt(12, 0, 0)?;
    Some(
        Almaty
            .from_local_datetime(&noon)
            .earliest()?
            .with_timezone(&Utc),
    )
}

pub(super) async fn closed_board(
    state: &AppState,
    user: Option<AuthUser>,
    period: Option<&str>,
    at: &str,
    limit: i64,
) -> Result<Board, ApiError> {
    let kind = match period {
        Some("week") => PeriodKind::Week,
        Some("month") => PeriodKind::Month,
        _ => return Err(Validator::single("period", "invalid")),
    };
    let at = instant(at).ok_or_else(|| Validator::single("at", "invalid"))?;
    let period = Period::containing(kind, at);
    let Some(closing) = state.queries.closed_period(period).await? else {
        return Err(ApiError::not_found().with_detail(format!(
            "the period {} is not closed yet (it closes after {})",
            period.key(),
            period.end_instant().to_rfc3339()
        )));
    };
    let shown = usize::try_from(limit).unwrap_or(0).min(closing.top.len());
    let accounts: Vec<_> = closing.top[..shown].iter().map(|t| t.account_id).collect();
    let rows = state.queries.closed_board_rows(period, &accounts).await?;
    let items = closing.top[..shown]
        .iter()
        .zip(rows)
        .enumerate()
        .map(|(i, (entry, row))| BoardItem {
            rank: i64::try_from(i + 1).unwrap_or(i64::MAX),
            account_id: entry.account_id,
            name: row.name.unwrap_or_default(),
            rating: entry.points,
            achievements_count: row.achievements_count,
        })
        .collect();
    let me = user.and_then(|u| {
        let rank = closing.top.iter().position(|t| t.account_id == u.id)?;
        Some(MyPlace {
            rank: Some(i64::try_from(rank + 1).unwrap_or(i64::MAX)),
            rating: closing.top[rank].points,
        })
    });
    Ok(Board {
        period: match kind {
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
        }
        .to_owned(),
        items,
        me,
        total: i64::try_from(closing.total).unwrap_or(i64::MAX),
        closed: Some(ClosedInfo {
            start: period.start_instant(),
            end: period.end_instant(),
            as_of_position: closing.as_of_position,
            digest: closing.digest,
        }),
    })
}
