-- the event store: postgres-es's tables plus a global order, commit-order bookkeeping and an
-- append-only guard. postgres-es names its insert columns, so the extra columns' defaults are
-- invisible to it.

create table events (
    aggregate_type text not null,
    aggregate_id text not null,
    sequence bigint not null check (sequence >= 0),
    event_type text not null,
    event_version text not null,
    payload jsonb not null,
    metadata jsonb not null,
    -- taken at insert, not at commit: readers must not tail it naively (see the reader)
    global_position bigint generated always as identity,
    -- the inserting transaction; consumers read in (transaction_id, global_position) order
    -- below the snapshot xmin, so a late-committing transaction is never skipped
    transaction_id xid8 not null default pg_current_xact_id(),
    recorded_at timestamptz not null default now(),
    primary key (aggregate_type, aggregate_id, sequence)
);

create unique index events_global_position_idx on events (global_position);
create index events_tx_position_idx on events (transaction_id, global_position);

create table snapshots (
    aggregate_type text not null,
    aggregate_id text not null,
    last_sequence bigint not null check (last_sequence >= 0),
    current_snapshot bigint not null check (current_snapshot >= 0),
    payload jsonb not null,
    primary key (aggregate_type, aggregate_id, last_sequence)
);

-- the log is append-only in the database itself
create function events_reject_change() returns trigger language plpgsql as $$
begin
    raise exception 'the event log is append-only: % on events is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger events_append_only
    before update or delete on events
    for each row execute function events_reject_change();

create trigger events_no_truncate
    before truncate on events
    for each statement execute function events_reject_change();

-- wake consumers; a constant payload lets postgresql fold one transaction's notifications
create function events_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('birqadam_events', '');
    return null;
end;
$$;

create trigger events_notify_insert
    after insert on events
    for each statement execute function events_notify();
