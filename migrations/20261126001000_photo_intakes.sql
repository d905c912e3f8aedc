-- operational state, not in the event log (docs/decisions/0010): the content hashes an upload in
-- flight has stored or is storing for its report. A refused report's clean-up never deletes a
-- hash that another intake holds here or that a stored `ReportSubmitted` references. A row left
-- behind by a crashed process only keeps an orphan file, which is harmless.

create table photo_intakes (
    intake_id uuid not null,
    sha256 text not null,
    reserved_at timestamptz not null default now(),
    primary key (intake_id, sha256)
);

create index photo_intakes_by_sha256 on photo_intakes (sha256);
