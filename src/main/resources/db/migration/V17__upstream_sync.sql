-- federation, node mode: pushing everything again (at start-up when node mode is newly configured, or on an
-- administrator's demand) must send only what the upstream does not have as it is. sent_hash: the SHA-256 of the
-- metadata last sent for a dataset (null for a deletion, and for sends made before this column existed).
ALTER TABLE upstream_datasets ADD COLUMN sent_hash TEXT;

-- The last run of that backfill: one row, claimed by one Kerys instance at a time (status 'running' with a heartbeat
-- that moves at every batch; a run whose heartbeat stopped was left by a stopped process and may be claimed again).
-- configuration: the upstream URL and organisations it ran for, so that a start-up with another configuration runs
-- it again. total: the datasets of the catalogue when it started; scanned, queued, unchanged, deletions: its progress.
CREATE TABLE upstream_sync
(
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  status        TEXT NOT NULL,
  trigger       TEXT NOT NULL,
  requested_by  TEXT,
  configuration TEXT NOT NULL,
  total         BIGINT NOT NULL DEFAULT 0,
  scanned       BIGINT NOT NULL DEFAULT 0,
  queued        BIGINT NOT NULL DEFAULT 0,
  unchanged     BIGINT NOT NULL DEFAULT 0,
  deletions     BIGINT NOT NULL DEFAULT 0,
  reason        TEXT,
  started_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  heartbeat_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at   TIMESTAMPTZ
);
