//! The Telegram send rate, process-wide: at most one message per `interval` overall (25/s by
//! default, under Telegram's 30/s), at most one per [`PER_CHAT`] to a chat (a second plus a margin:
//! requests spaced exactly a second apart at departure can arrive closer than that), and a global
//! pause after a 429 for its `retry_after`, during which nothing is sent to any chat.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The spacing of two messages to one chat: Telegram's 1/s plus 100 ms for network jitter.
pub const PER_CHAT: Duration = Duration::from_millis(1100);

/// The rate limiter the Telegram sender waits on before each request.
pub struct Throttle {
    interval: Duration,
    per_chat: Duration,
    state: Mutex<State>,
}

struct State {
    next_any: Instant,
    next_chat: HashMap<i64, Instant>,
    paused_until: Instant,
}

impl Throttle {
    /// `per_second` messages overall, one per second per chat.
    pub fn new(per_second: u32) -> Self {
        let now = Instant::now();
        Self {
            interval: Duration::from_secs(1) / per_second.max(1),
            per_chat: PER_CHAT,
            state: Mutex::new(State {
                next_any: now,
                next_chat: HashMap::new(),
                paused_until: now,
            }),
        }
    }

    /// Waits for this chat's next turn; returns when a message to it may go out.
    pub async fn turn(&self, chat: i64) {
        loop {
            let slot = self.reserve(chat);
            tokio::time::sleep_until(slot).await;
            // a 429 that arrived while waiting moves every turn past the pause
            if self.lock().paused_until <= slot {
                return;
            }
        }
    }

    /// Stops all sends for `retry_after` (Telegram answered 429).
    pub fn pause(&self, retry_after: Duration) {
        let until = Instant::now() + retry_after;
        let mut state = self.lock();
        if until > state.paused_until {
            state.paused_until = until;
        }
    }

    fn reserve(&self, chat: i64) -> Instant {
        let now = Instant::now();
        let mut state = self.lock();
        let chat_next = state.next_chat.get(&chat).copied().unwrap_or(now);
        let slot = now
            .max(state.next_any)
            .max(chat_next)
            .max(state.paused_until);
        state.next_any = slot + self.interval;
        state.next_chat.insert(chat, slot + self.per_chat);
        if state.next_chat.len() > 10_000 {
            state.next_chat.retain(|_, next| *next > now);
        }
        slot
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn turns_are_spaced_overall_and_a_second_apart_per_chat() {
        let throttle = Throttle::new(25);
        let start = Instant::now();
        throttle.turn(1).await;
        throttle.turn(2).await;
        assert_eq!(Instant::now() - start, Duration::from_millis(40));
        throttle.turn(1).await;
        assert_eq!(Instant::now() - start, PER_CHAT);
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_every_chat() {
        let throttle = Throttle::new(25);
        let start = Instant::now();
        throttle.pause(Duration::from_secs(2));
        throttle.turn(7).await;
        assert_eq!(Instant::now() - start, Duration::from_secs(2));
    }
}
