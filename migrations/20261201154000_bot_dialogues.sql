-- the Telegram bot's dialogue state, one row per private chat (docs/bot.md): what the bot waits
-- for next (a project-creation step, a report draft with its photos' file ids, a moderation
-- comment). Operational state, not events: a restart continues the dialogue from here.
create table bot_dialogues (
    chat_id bigint primary key,
    state jsonb not null,
    updated_at timestamptz not null default now()
);
