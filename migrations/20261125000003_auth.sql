-- operational state that is deliberately not in the event log (docs/decisions/0002):
-- secrets (password hashes, refresh tokens), one-time codes, device tokens and stored responses.

create table credentials (
    account_id uuid primary key,
    password_hash text not null,
    updated_at timestamptz not null default now()
);

create table refresh_tokens (
    id uuid primary key,
    family_id uuid not null,
    account_id uuid not null,
    token_hash bytea not null unique,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    rotated_at timestamptz,
    revoked_at timestamptz,
    -- 'reuse' (a rotated token came back: the family is revoked) or 'logout'
    revoked_reason text
);

create index refresh_tokens_family_idx on refresh_tokens (family_id);
create index refresh_tokens_account_idx on refresh_tokens (account_id);

create table telegram_link_codes (
    code text primary key,
    account_id uuid not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz
);

create index telegram_link_codes_account_idx on telegram_link_codes (account_id);

create table devices (
    token text primary key,
    account_id uuid not null,
    platform text not null check (platform in ('android', 'ios')),
    created_at timestamptz not null default now()
);

create index devices_account_idx on devices (account_id);

create table idempotency_keys (
    scope text not null,
    key text not null,
    request_hash bytea not null,
    status_code integer,
    content_type text,
    body bytea,
    created_at timestamptz not null default now(),
    completed_at timestamptz,
    primary key (scope, key)
);

create index idempotency_keys_created_idx on idempotency_keys (created_at);
