-- storage: the file stored for a media, by the content address (SHA-256) of its blob on disk.
-- Several media may share one blob; a blob no row references is removed (after commit, and at start-up).
CREATE TABLE media_files
(
  media_id     UUID PRIMARY KEY,
  global_id    UUID NOT NULL,
  sha256       TEXT NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  md5          TEXT NOT NULL CHECK (md5 ~ '^[0-9a-f]{32}$'),
  size         BIGINT NOT NULL CHECK (size >= 0),
  content_type TEXT,
  file_name    TEXT,
  stored_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX media_files_sha256_idx ON media_files (sha256);
CREATE INDEX media_files_global_id_idx ON media_files (global_id);
