-- the notifier (crate `notify`): its delivery log and the people's notification settings.
-- operational state outside the event log (decision 0001): what was sent, not what happened.

-- one row per notification to one person on one channel; inserted by the log consumer
-- `notify` in the transaction that moves its checkpoint, worked off by the sender loops.
-- states: pending -> sending (lease_until, claim) -> sent | skipped | dead | failed_permanent
create table notification_deliveries (
    id bigserial primary key,
    -- the global position of the event the notification is about
    event_position bigint not null,
    recipient uuid not null,
    channel text not null check (channel in ('telegram', 'push')),
    -- what it says (task_offered, report_waiting, ...): one event may tell one person two things
    -- (a report approved and an achievement it unlocked)
    kind text not null,
    -- the ids and values the text is rendered from at send time (all strings)
    params jsonb not null default '{}',
    state text not null default 'pending'
        check (state in ('pending', 'sending', 'sent', 'skipped', 'dead', 'failed_permanent')),
    -- counted attempts (a 429 pause and quiet hours do not count)
    attempts integer not null default 0,
    next_attempt_at timestamptz not null,
    -- while `sending`: who claimed it and until when (an expired lease is claimed again)
    lease_until timestamptz,
    claim uuid,
    -- push: the device tokens already answered with success (a retry skips them)
    sent_tokens text[] not null default '{}',
    -- why it ended skipped/dead/failed_permanent, or the last transient error
    last_error text,
    -- when the event happened (commit-to-send latency)
    event_at timestamptz not null,
    created_at timestamptz not null default now(),
    finished_at timestamptz,
    unique (event_position, recipient, channel, kind)
);

-- the senders' claim: due rows of a channel
create index notification_deliveries_due_idx
    on notification_deliveries (channel, next_attempt_at)
    where state in ('pending', 'sending');

-- a person's deliveries, newest first (support, replays)
create index notification_deliveries_recipient_idx
    on notification_deliveries (recipient, created_at desc);

-- a person's choices; no row means the defaults (nothing muted, quiet 22:00-08:00 Almaty)
create table notification_settings (
    account_id uuid primary key,
    -- 'category:channel' pairs, e.g. 'tasks:push'
    muted text[] not null default '{}',
    quiet_enabled boolean not null default true,
    quiet_start time not null default '22:00',
    quiet_end time not null default '08:00',
    updated_at timestamptz not null default now()
);
