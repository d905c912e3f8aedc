-- the integer ids the existing mobile app parses (issue 11): one number per entity of a kind,
-- assigned in log order by the `legacy_ids` projector (the first event of each stream), so a
-- rebuild from the log gives the same numbers. The legacy adapter maps both ways at its edge.
create table legacy_ids_view (
    -- 'account', 'project' or 'task'
    kind text not null,
    entity_id uuid not null,
    number bigint not null check (number > 0),
    primary key (kind, entity_id),
    unique (kind, number)
);
