-- federation: harvesting. Kerys reads RUDI producer nodes and other catalogues (harvest sources) page by page into
-- its catalogue; each run is a durable job. An "origin" is what a job harvests: a node (federation_nodes.id) or a
-- source (harvest_sources.id); both are UUIDs, so the tables below key on the origin's id alone.

-- Where a node's RUDI producer API answers, relative to its URL (null: /api/v1, unless the URL already ends with it).
ALTER TABLE federation_nodes ADD COLUMN api_prefix TEXT;

-- A catalogue an administrator asked Kerys to harvest. state: 'pending' (created, not yet allowed to run) or
-- 'approved'. Its datasets are published for organization_id (a catalogue organisation; no foreign key across modules).
CREATE TABLE harvest_sources
(
  id                    UUID PRIMARY KEY,
  type                  TEXT NOT NULL,
  url                   TEXT NOT NULL,
  organization_id       UUID NOT NULL,
  schedule              TEXT,
  allow_private_network BOOLEAN NOT NULL DEFAULT FALSE,
  state                 TEXT NOT NULL DEFAULT 'pending',
  created_by            TEXT NOT NULL,
  created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
  approved_by           TEXT,
  approved_at           TIMESTAMPTZ,
  UNIQUE (type, url)
);

-- One harvest. status: 'running', 'succeeded', 'failed'. The counts grow page by page while it runs (progress);
-- errors: [{"remote_id", "global_id", "code", "field", "message"}], capped; reason: why it failed.
-- heartbeat_at moves at every page: a 'running' job whose heartbeat stopped long ago was left by a stopped process.
CREATE TABLE harvest_jobs
(
  id             UUID PRIMARY KEY,
  origin_id      UUID NOT NULL,
  origin_kind    TEXT NOT NULL,
  full_harvest   BOOLEAN NOT NULL,
  modified_since TIMESTAMPTZ,
  trigger        TEXT NOT NULL,
  requested_by   TEXT,
  language       TEXT NOT NULL DEFAULT 'fr',
  status         TEXT NOT NULL DEFAULT 'running',
  created        INTEGER NOT NULL DEFAULT 0,
  updated        INTEGER NOT NULL DEFAULT 0,
  deleted        INTEGER NOT NULL DEFAULT 0,
  rejected       INTEGER NOT NULL DEFAULT 0,
  unchanged      INTEGER NOT NULL DEFAULT 0,
  pages          INTEGER NOT NULL DEFAULT 0,
  errors         JSONB NOT NULL DEFAULT '[]',
  error_count    INTEGER NOT NULL DEFAULT 0,
  reason         TEXT,
  started_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  heartbeat_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at    TIMESTAMPTZ
);

-- One running job per node or source, whichever instance of Kerys started it.
CREATE UNIQUE INDEX harvest_jobs_one_running ON harvest_jobs (origin_id) WHERE status = 'running';
CREATE INDEX harvest_jobs_origin ON harvest_jobs (origin_id, started_at DESC);

-- Per origin: what the last successful harvest reached (the next incremental one asks for what changed since),
-- the last complete full harvest, and the next scheduled run (claimed by one instance with a conditional update).
CREATE TABLE harvest_state
(
  origin_id       UUID PRIMARY KEY,
  high_water_mark TIMESTAMPTZ,
  last_full_at    TIMESTAMPTZ,
  schedule        TEXT,
  next_run_at     TIMESTAMPTZ
);

-- The datasets a harvest wrote, by origin and remote id: the same remote record always gives the same dataset
-- (updated, never duplicated). content_hash: what was last applied, so an unchanged record is not written again;
-- last_seen_job: the last job that listed it (a complete full harvest removes the datasets it did not list).
CREATE TABLE harvested_datasets
(
  origin_id     UUID NOT NULL,
  remote_id     TEXT NOT NULL,
  global_id     UUID NOT NULL,
  content_hash  TEXT,
  last_seen_job UUID,
  PRIMARY KEY (origin_id, remote_id)
);
CREATE INDEX harvested_datasets_global ON harvested_datasets (global_id);
