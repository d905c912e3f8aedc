//! The Telegram bot: the real dispatcher and dialogue storage against the fake Bot API, on the
//! real app and a fresh database.

mod commands;
mod conversation;
mod display;
mod identity;
mod moderation;
mod photos;
mod restart;
mod support;
mod webhook;
mod wiring;
