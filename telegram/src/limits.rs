//! Telegram's limits (Bot API: `sendMessage`, captions, `callback_data`, `answerCallbackQuery`).

/// A message's text: 1–4096 characters after entity parsing.
pub const MESSAGE_TEXT: usize = 4096;
/// A photo's or an album item's caption: 0–1024 characters after entity parsing.
pub const CAPTION: usize = 1024;
/// An inline button's `callback_data`: 1–64 bytes.
pub const CALLBACK_DATA: usize = 64;
/// The text of a callback answer (a toast): 0–200 characters.
pub const TOAST: usize = 200;
