-- the audit log (docs/auditing.md): every event numbered densely in the consumer order, its
-- canonical line and RFC 6962 leaf hash, the complete subtrees of the Merkle tree above them,
-- and every signed checkpoint. Written by the `audit.tree` consumer (in the transaction that
-- moves its checkpoint) and the checkpoint signer; append-only like `events`.

create table audit_leaves (
    -- dense 0-based index in the audit order = the leaf index in the tree
    position bigint primary key check (position >= 0),
    -- where the event is in the log (unique: an event has one leaf)
    transaction_id bigint not null,
    global_position bigint not null unique,
    -- the exact bytes of the event's NDJSON line, without the newline
    line bytea not null,
    -- sha-256(0x00 || line)
    leaf_hash bytea not null check (length(leaf_hash) = 32)
);

-- complete subtrees above the leaves: node (level, index) covers the leaves
-- [index * 2^level, (index + 1) * 2^level); level 0 is audit_leaves.leaf_hash
create table audit_nodes (
    level smallint not null check (level between 1 and 63),
    index bigint not null check (index >= 0),
    hash bytea not null check (length(hash) = 32),
    primary key (level, index)
);

-- signed tree heads, kept forever: the c2sp checkpoint note over the first `size` leaves
create table audit_checkpoints (
    size bigint primary key check (size > 0),
    root bytea not null check (length(root) = 32),
    note text not null,
    signed_at timestamptz not null default now()
);

create function audit_reject_change() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only: % on % is not allowed', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_leaves_append_only before update or delete on audit_leaves
    for each row execute function audit_reject_change();
create trigger audit_leaves_no_truncate before truncate on audit_leaves
    for each statement execute function audit_reject_change();
create trigger audit_nodes_append_only before update or delete on audit_nodes
    for each row execute function audit_reject_change();
create trigger audit_nodes_no_truncate before truncate on audit_nodes
    for each statement execute function audit_reject_change();
create trigger audit_checkpoints_append_only before update or delete on audit_checkpoints
    for each row execute function audit_reject_change();
create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
    for each statement execute function audit_reject_change();
