-- read side of the core loop: projects, members, tasks, assignments, reports, photos,
-- rating history, leaderboard, achievements and the activity feed.
-- every table is owned by exactly one projector (see projections/src/lib.rs all_projectors()).

-- projector `projects` ------------------------------------------------------------------

-- one row per project: its details, moderation status and member count
create table projects_view (
    id uuid primary key,
    owner_id uuid not null,
    title text not null,
    description text not null,
    volunteer_type text not null,
    city text not null,
    address text,
    latitude double precision,
    longitude double precision,
    start_date date,
    end_date date,
    capacity integer,
    contact_phone text,
    contact_email text,
    contact_telegram text,
    tags text[] not null default '{}',
    status text not null,
    rejection_reason text,
    deleted boolean not null default false,
    members_count integer not null default 0,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- the catalogue is listed newest first with (created_at, id) keyset cursors
create index projects_view_created_idx on projects_view (created_at desc, id desc);
create index projects_view_status_idx on projects_view (status, created_at desc, id desc);
create index projects_view_city_idx on projects_view (city, created_at desc, id desc);
create index projects_view_type_idx on projects_view (volunteer_type, created_at desc, id desc);
create index projects_view_owner_idx on projects_view (owner_id, created_at desc);

-- current members; a row is deleted when the volunteer leaves
create table project_members_view (
    project_id uuid not null,
    account_id uuid not null,
    joined_at timestamptz not null,
    primary key (project_id, account_id)
);

create index project_members_view_account_idx on project_members_view (account_id);

-- every project an account has ever joined (never deleted)
create table project_joins_view (
    account_id uuid not null,
    project_id uuid not null,
    first_joined_at timestamptz not null,
    primary key (account_id, project_id)
);

-- projector `tasks` ---------------------------------------------------------------------

create table tasks_view (
    id uuid primary key,
    project_id uuid not null,
    owner_id uuid not null,
    text text not null,
    deadline_date date,
    start_time time,
    end_time time,
    -- null: every member of the project
    assignees uuid[],
    status text not null,
    created_at timestamptz not null
);

create index tasks_view_project_idx on tasks_view (project_id, created_at desc, id desc);

-- projector `assignments` ---------------------------------------------------------------

-- one row per assignment stream (task x volunteer)
create table assignments_view (
    id uuid primary key,
    task_id uuid not null,
    project_id uuid not null,
    volunteer_id uuid not null,
    status text not null,
    attempt integer not null default 0,
    report_id uuid,
    updated_at timestamptz not null
);

create index assignments_view_volunteer_idx on assignments_view (volunteer_id, task_id);

-- one row per report attempt
create table reports_view (
    id uuid primary key,
    assignment_id uuid not null,
    task_id uuid not null,
    project_id uuid not null,
    volunteer_id uuid not null,
    attempt integer not null,
    -- [{id, sha256, content_type, bytes, width, height}]
    photos jsonb not null,
    comment text,
    status text not null,
    -- null: pending, rejected, or approved without points
    stars integer,
    moderator_comment text,
    rejection_reason text,
    moderator_id uuid,
    submitted_at timestamptz not null,
    moderated_at timestamptz
);

create index reports_view_volunteer_idx on reports_view (volunteer_id, submitted_at desc, id desc);
create index reports_view_queue_idx on reports_view (status, submitted_at, id);
create index reports_view_project_queue_idx on reports_view (project_id, status, submitted_at, id);

-- every photo of every report, for authorised download
create table photos_view (
    photo_id uuid primary key,
    sha256 text not null,
    report_id uuid not null,
    project_id uuid not null,
    volunteer_id uuid not null,
    content_type text not null,
    width integer not null,
    height integer not null
);

-- projector `rating_history` ------------------------------------------------------------

-- the rating ledger: one row per RatingCredited / RatingAdjusted, zero deltas included
create table rating_history_view (
    -- the event's global position (stable order)
    position bigint primary key,
    account_id uuid not null,
    at timestamptz not null,
    delta integer not null,
    rating_after integer not null,
    -- 'report' (source_id = assignment id) or 'adjustment' (source_id null, reason set)
    source_kind text not null,
    source_id uuid,
    reason text
);

create index rating_history_view_account_idx on rating_history_view (account_id, position desc);

-- projector `leaderboard` ---------------------------------------------------------------

-- points per period: 'all', 'month:2026-11' and 'week:2026-W48' (Asia/Almaty calendar)
create table leaderboard_view (
    period text not null,
    account_id uuid not null,
    points integer not null,
    -- when the current points were reached (earlier wins a tie)
    reached_at timestamptz not null,
    primary key (period, account_id)
);

-- ranking order; a rank is a range count over this index
create index leaderboard_view_rank_idx
    on leaderboard_view (period, points desc, reached_at, account_id);

-- projector `achievements` --------------------------------------------------------------

create table achievement_catalogue_view (
    id text primary key,
    -- {ru, kk, en}
    name jsonb not null,
    description jsonb not null,
    icon text not null,
    -- 'rating', 'approved_reports' or 'projects_joined'
    rule_kind text not null,
    threshold integer not null,
    xp integer not null,
    -- global position of the defining event (catalogue order)
    position bigint not null
);

-- what the unlock rules look at, per account
create table account_progress_view (
    account_id uuid primary key,
    rating integer not null default 0,
    approved_reports integer not null default 0,
    projects_joined integer not null default 0,
    -- distinct projects ever joined (so a re-join does not count twice)
    joined_projects uuid[] not null default '{}'
);

create table achievements_view (
    account_id uuid not null,
    achievement_id text not null,
    unlocked_at timestamptz not null,
    -- global position of the event that unlocked it (activity order)
    position bigint not null,
    primary key (account_id, achievement_id)
);

-- projector `activity` ------------------------------------------------------------------

-- a volunteer's feed; achievement unlocks are read from achievements_view by the query
create table activity_view (
    account_id uuid not null,
    -- the event's global position
    position bigint not null,
    at timestamptz not null,
    kind text not null,
    project_id uuid,
    ref_id uuid,
    -- what the title is rendered from (stars, delta, reason, ...)
    params jsonb not null default '{}',
    primary key (account_id, position)
);

create index activity_view_feed_idx on activity_view (account_id, at desc, position desc);
