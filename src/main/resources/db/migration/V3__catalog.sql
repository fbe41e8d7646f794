-- catalog: producers, contacts, datasets kept as whole RUDI Metadata (JSONB) with the fields that
-- queries need in columns, their media descriptors, and the vocabularies.
CREATE TABLE organizations
(
  organization_id   UUID PRIMARY KEY,
  organization_name TEXT NOT NULL,
  document          JSONB NOT NULL,
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE contacts
(
  contact_id   UUID PRIMARY KEY,
  contact_name TEXT NOT NULL,
  email        TEXT,
  document     JSONB NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE datasets
(
  global_id      UUID PRIMARY KEY,
  local_id       TEXT UNIQUE,
  doi            TEXT UNIQUE,
  resource_title TEXT NOT NULL,
  producer_id    UUID NOT NULL,
  producer_name  TEXT,
  theme          TEXT,
  licence        TEXT,
  regime         TEXT NOT NULL CHECK (regime IN ('open', 'restricted', 'selfdata')),
  storage_status TEXT,
  metadata       JSONB NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- when Kerys last changed the record: what updated_after / updated_before filter on
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX datasets_updated_at_idx ON datasets (updated_at, global_id);
CREATE INDEX datasets_producer_idx ON datasets (producer_id);
CREATE INDEX datasets_metadata_idx ON datasets USING gin (metadata jsonb_path_ops);

CREATE TABLE dataset_media
(
  media_id      UUID PRIMARY KEY,
  global_id     UUID NOT NULL REFERENCES datasets ON DELETE CASCADE,
  position      INT NOT NULL,
  media_type    TEXT NOT NULL,
  media_name    TEXT,
  file_type     TEXT,
  file_size     BIGINT,
  checksum_algo TEXT,
  checksum_hash TEXT
);
CREATE INDEX dataset_media_dataset_idx ON dataset_media (global_id);

CREATE TABLE vocabulary_terms
(
  scheme   TEXT NOT NULL,
  code     TEXT NOT NULL,
  label_fr TEXT,
  label_en TEXT,
  uri      TEXT,
  parent   TEXT,
  PRIMARY KEY (scheme, code)
);
