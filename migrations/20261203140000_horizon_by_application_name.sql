-- The horizon finds consumer transactions by their application name (docs/decisions/0041).
--
-- `events_horizon()` (20261201153000) found consumer transactions through a self-join of
-- `pg_locks` on their advisory lock. Reading `pg_locks` takes every lock-manager partition lock
-- and copies the whole lock table and every backend's fast-path locks: 1.3 ms idle and 7.7 ms
-- under 48 writers here, on every reading of every runner. A consumer transaction now names
-- itself instead: `log::mark_consumer` sets `application_name` for the transaction (it reverts
-- at the transaction's end) before anything gives it an xid, and one read of the backends'
-- status (`pg_stat_get_activity`, without the view's joins) tells the horizon which in-progress
-- xids are consumers' or other databases'. A backend's name and xid are read in that order, and
-- only xids of the snapshot taken before count, so a backend that moved on from a consumer
-- transaction to another one meanwhile is never mistaken for a consumer.
-- The guard follows the name: a transaction carrying the consumer's name, or marked as one,
-- cannot append, so leaving its xid out stays safe by construction (a misconfigured connection
-- string with that name makes every append fail loudly, it does not hide one).

create or replace function events_horizon() returns xid8 language sql stable as $$
    with snapshot as (select pg_current_snapshot() as s),
    excluded as (
        select a.backend_xid as x
          from pg_stat_get_activity(null) a
         where a.backend_xid is not null
           and (a.datid is distinct from (select oid from pg_database where datname = current_database())
                or a.application_name = 'birqadam log consumer')
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

create or replace function events_notify() returns trigger language plpgsql as $$
begin
    if current_setting('birqadam.consumer', true) = 'on'
       or current_setting('application_name') = 'birqadam log consumer' then
        raise exception 'a log consumer''s transaction cannot append events'
            using errcode = 'insufficient_privilege';
    end if;
    perform pg_notify('birqadam_events', '');
    return null;
end;
$$;
