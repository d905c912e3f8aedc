-- legacy_ids_view now also numbers photo reports ('report'), their photos ('photo') and the
-- achievements of the catalogue ('achievement'; entity_id is UUIDv5 of the slug). The projector
-- replays the log from the start to number what came before: the numbers of accounts, projects
-- and tasks come out the same, since they are assigned in the same log order.
delete from legacy_ids_view;
delete from projection_checkpoints where name = 'legacy_ids';
