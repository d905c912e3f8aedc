-- The log's visibility horizon without the consumers (docs/decisions/0034).
--
-- A consumer reads events of transactions below a horizon: every transaction that could still
-- commit an event before it has ended. The horizon used to be the snapshot's xmin, so any open
-- transaction of the cluster held every reader back, and a consumer's own batch (which holds an
-- xid while it writes its view or runs a process manager's command) hid the events committed
-- meanwhile from every other consumer until the next poll. Two kinds of in-progress transactions
-- cannot insert into this table and are left out:
--   * transactions of backends connected to another database;
--   * consumer transactions: they hold the shared transaction-level advisory lock
--     (20261201, 34) for their whole life, and the guard below refuses their inserts.
-- Everything else in progress (a command's append, any other writer) still holds the horizon.

create function events_horizon() returns xid8 language sql stable as $$
    with snapshot as (select pg_current_snapshot() as s),
    excluded as (
        select a.backend_xid as x
          from pg_stat_activity a
         where a.backend_xid is not null
           and a.datid is distinct from (select oid from pg_database where datname = current_database())
        union all
        select t.transactionid
          from pg_locks m
          join pg_locks t on t.virtualtransaction = m.virtualtransaction
                         and t.locktype = 'transactionid'
         where m.locktype = 'advisory' and m.granted
           and m.classid = 20261201 and m.objid = 34 and m.objsubid = 2
    )
    select least(
        pg_snapshot_xmax(snapshot.s),
        (select min(x) from pg_snapshot_xip(snapshot.s) x
          where x::xid not in (select e.x from excluded e where e.x is not null)),
        -- our own transaction, unless it is a consumer's
        case when coalesce(current_setting('birqadam.consumer', true), '') <> 'on'
             then pg_current_xact_id_if_assigned() end)
      from snapshot
$$;

comment on function events_horizon() is
    'consumers read events of transactions below this xid (docs/decisions/0034)';

-- a consumer transaction never appends: the horizon does not wait for it
create or replace function events_notify() returns trigger language plpgsql as $$
begin
    if current_setting('birqadam.consumer', true) = 'on' then
        raise exception 'a log consumer''s transaction cannot append events'
            using errcode = 'insufficient_privilege';
    end if;
    perform pg_notify('birqadam_events', '');
    return null;
end;
$$;
