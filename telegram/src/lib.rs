//! What the Telegram bot and the notifier share, so both speak to Telegram alike: HTML escaping
//! and cutting to Telegram's limits ([`html`], [`limits`]), the one codec of inline-button data
//! ([`callback`]: the notifier's report card carries the buttons the bot decodes), and the `start`
//! payloads of deep links ([`deeplink`]). Pure: no IO, no teloxide types, no domain rules.

pub mod callback;
pub mod deeplink;
pub mod html;
pub mod limits;

mod compact;
