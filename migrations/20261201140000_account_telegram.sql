-- The linked Telegram user of an account (its private chat's id) and whether Telegram still
-- accepts messages to that chat. Views are rebuilt from the log, so no backfill is needed.
alter table accounts_view
    add column telegram_id bigint,
    add column telegram_reachable boolean not null default true;
create index accounts_view_telegram_idx on accounts_view (telegram_id) where telegram_id is not null;
