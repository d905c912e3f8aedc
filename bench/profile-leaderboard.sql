-- EXPLAIN (ANALYZE, BUFFERS) of the leaderboard's statements, before and after decision 0032.
-- psql -h 127.0.0.1 -p 55497 -U postgres -d bench_board_10000 -f bench/profile-leaderboard.sql
\pset pager off
select l.points as p, l.reached_at as r, l.account_id as id
  from leaderboard_view l where l.period = 'all'
 order by l.points desc, l.reached_at, l.account_id
offset (select count(*) / 2 from leaderboard_view where period = 'all') limit 1 \gset
\echo '== before: my_rank (count of the rows ahead of a mid-board probe)'
explain (analyze, buffers, costs off)
select count(*) from leaderboard_view o join accounts_view a on a.id = o.account_id
 where o.period = 'all' and o.points >= :p
   and (o.points > :p or (o.reached_at, o.account_id) < (:'r', :'id'))
   and not a.blocked and 'volunteer' = any(a.roles);
\echo '== before: leaderboard_total (count of the board)'
explain (analyze, buffers, costs off)
select count(*) from leaderboard_view l join accounts_view a on a.id = l.account_id
 where l.period = 'all' and not a.blocked and 'volunteer' = any(a.roles);
\echo '== before: the top 100'
explain (analyze, buffers, costs off)
select row_number() over (order by l.points desc, l.reached_at, l.account_id) as rank,
       l.account_id, a.name, l.points, l.reached_at,
       (select count(*) from achievements_view x where x.account_id = l.account_id)
  from leaderboard_view l join accounts_view a on a.id = l.account_id
 where l.period = 'all' and not a.blocked and 'volunteer' = any(a.roles)
 order by l.points desc, l.reached_at, l.account_id limit 100;
\echo '== after: the per-read checkpoint lookup'
explain (analyze, buffers, costs off)
select transaction_id, global_position from projection_checkpoints
 where name = any('{leaderboard,accounts}');
\echo '== after: names and achievement counts of the 100 returned ids'
explain (analyze, buffers, costs off)
select a.id, a.name, (select count(*) from achievements_view x where x.account_id = a.id)
  from accounts_view a
 where a.id = any(array(select account_id from leaderboard_view where period = 'all'
                         order by points desc limit 100));
\echo '== after: loading a board (first read after start)'
explain (analyze, buffers, costs off)
select l.account_id, l.points, l.reached_at from leaderboard_view l
  join accounts_view a on a.id = l.account_id
 where l.period = 'all' and not a.blocked and 'volunteer' = any(a.roles);
