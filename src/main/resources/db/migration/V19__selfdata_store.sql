-- The built-in personal-data store of self-data datasets (module selfdata, package internal.store).
-- An upload loads a new generation beside the current one, then one transaction points the dataset at it.
-- No column holds a matching value or a record value in clear: subjects are found by an HMAC-SHA-256 of their
-- normalised matching values (dataset id bound in), and their records are sealed (AES-256-GCM, key id kept).

create table selfdata_store_generations (
    generation_id uuid primary key,
    dataset_id    uuid not null,
    state         text not null check (state in ('LOADING', 'ACTIVE', 'RETIRED')),
    -- which columns are matching fields, data and series, with their labels: no personal value
    mapping       jsonb not null,
    records       bigint not null default 0,
    subjects      bigint not null default 0,
    uploaded_at   timestamptz not null,
    uploaded_by   text not null,
    activated_at  timestamptz
);

create index selfdata_store_generations_dataset on selfdata_store_generations (dataset_id);

-- The generation a dataset's store answers from: switched in one transaction after a complete load.
create table selfdata_stores (
    dataset_id    uuid primary key,
    generation_id uuid not null references selfdata_store_generations (generation_id),
    switched_at   timestamptz not null
);

-- One row per data subject and generation. oldest/newest are the dates of the subject's oldest and newest record
-- (or of the upload, without a date column): what the purge of storage_period needs, kept in clear on purpose.
-- No foreign key to the generation: rows are bulk-loaded by COPY, and the purge job removes rows of generations
-- that are gone.
create table selfdata_store_subjects (
    generation_id uuid not null,
    lookup        bytea not null,
    key_id        text not null,
    sealed        bytea not null,
    records       integer not null,
    oldest        date not null,
    newest        date not null,
    primary key (generation_id, lookup)
);
