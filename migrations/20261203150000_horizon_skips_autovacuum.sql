-- The horizon also leaves out autovacuum workers (docs/decisions/0041): they vacuum and
-- analyze, and never append, but an ANALYZE holds an xid for as long as it samples a table —
-- seconds on a large view, during which every consumer would wait.

create or replace function events_horizon() returns xid8 language sql stable as $$
    with snapshot as (select pg_current_snapshot() as s),
    excluded as (
        select a.backend_xid as x
          from pg_stat_get_activity(null) a
         where a.backend_xid is not null
           and (a.datid is distinct from (select oid from pg_database where datname = current_database())
                or a.application_name = 'birqadam log consumer'
                or a.backend_type = 'autovacuum worker')
    )
    select least(
        pg_snapshot_xmax(snapshot.s),
        (select min(x) from pg_snapshot_xip(snapshot.s) x
          where x::xid not in (select e.x from excluded e)),
        -- our own transaction, unless it is a consumer's
        case when coalesce(current_setting('birqadam.consumer', true), '') <> 'on'
             then pg_current_xact_id_if_assigned() end)
      from snapshot
$$;
