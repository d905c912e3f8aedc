-- read side: projector checkpoints and the first two views.

-- one row per projector (and process manager): the last event applied, in consumer order
create table projection_checkpoints (
    name text primary key,
    transaction_id bigint not null default 0,
    global_position bigint not null default 0,
    updated_at timestamptz not null default now()
);

create table accounts_view (
    id uuid primary key,
    name text not null,
    email text,
    phone text,
    phone_verified boolean not null default false,
    roles text[] not null,
    organizer_status text not null default 'none',
    rating integer not null default 0,
    language text not null default 'ru',
    telegram_linked boolean not null default false,
    blocked boolean not null default false,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create index accounts_view_email_idx on accounts_view (email);
create index accounts_view_phone_idx on accounts_view (phone);

create table organizer_applications_view (
    account_id uuid primary key,
    organization_name text not null,
    description text not null,
    city text not null,
    website text,
    contact_person text,
    status text not null,
    rejection_reason text,
    submitted_at timestamptz not null,
    decided_at timestamptz,
    decided_by uuid
);

create index organizer_applications_view_status_idx
    on organizer_applications_view (status, submitted_at, account_id);
