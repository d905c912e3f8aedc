-- refresh tokens issued through the legacy door (docs/decisions/0019): 'rotating' tokens are the
-- /api/v1 ones (rotated at every refresh, reuse revokes the family); 'legacy' tokens are never
-- rotated (the existing app keeps its first one), their expiry slides with each use, and logout
-- or an admin revokes them like any family.
alter table refresh_tokens
    add column kind text not null default 'rotating' check (kind in ('rotating', 'legacy'));
