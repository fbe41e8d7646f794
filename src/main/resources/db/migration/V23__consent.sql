-- consent: processing records ("treatments") and their versions, the requests of reuse projects for citizens'
-- self-data, citizens' consents, every consent event with its signed receipt, and per-project pseudonymous
-- references of data subjects. No personal value is kept here: accounts by id, subjects by a random reference.

-- A processing record of an organisation (its controller). Its content lives in versions.
CREATE TABLE treatments
(
  id              UUID PRIMARY KEY,
  organization_id UUID NOT NULL,
  created_by      UUID NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX treatments_organization ON treatments (organization_id, created_at DESC);

-- status: DRAFT (editable), PUBLISHED (immutable; sha256 of the canonical JSON of content), OBSOLETE (a later
-- version was published). At most one DRAFT and one PUBLISHED version per treatment.
CREATE TABLE treatment_versions
(
  treatment_id UUID NOT NULL REFERENCES treatments,
  version      INTEGER NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'OBSOLETE')),
  content      JSONB NOT NULL,
  sha256       TEXT,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  published_at TIMESTAMPTZ,
  obsolete_at  TIMESTAMPTZ,
  PRIMARY KEY (treatment_id, version)
);
CREATE UNIQUE INDEX treatment_versions_one_draft ON treatment_versions (treatment_id) WHERE status = 'DRAFT';
CREATE UNIQUE INDEX treatment_versions_one_published ON treatment_versions (treatment_id) WHERE status = 'PUBLISHED';

-- A reuse project asks citizens for their self-data of a dataset, under one of its organisation's treatments.
CREATE TABLE consent_requests
(
  id           UUID PRIMARY KEY,
  project_id   UUID NOT NULL,
  treatment_id UUID NOT NULL REFERENCES treatments,
  dataset_id   UUID NOT NULL,
  message      TEXT,
  created_by   UUID NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  closed_at    TIMESTAMPTZ,
  UNIQUE (project_id, treatment_id, dataset_id)
);
CREATE INDEX consent_requests_project ON consent_requests (project_id, created_at DESC);

-- How a project names a citizen: a random reference, one per (project, account), never the login.
CREATE TABLE consent_subject_refs
(
  project_id  UUID NOT NULL,
  account_id  UUID NOT NULL,
  subject_ref TEXT NOT NULL UNIQUE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, account_id)
);

-- A citizen's consent (W3C DPV statuses): given, renewed (given again after an invalidation), withdrawn,
-- expired, invalidated (a new version of the treatment was published). given and renewed are live; one live
-- consent per citizen and request.
CREATE TABLE consents
(
  id           UUID PRIMARY KEY,
  account_id   UUID NOT NULL,
  request_id   UUID NOT NULL REFERENCES consent_requests,
  project_id   UUID NOT NULL,
  dataset_id   UUID NOT NULL,
  treatment_id UUID NOT NULL,
  version      INTEGER NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('given', 'renewed', 'withdrawn', 'expired', 'invalidated')),
  given_at     TIMESTAMPTZ NOT NULL,
  expires_at   TIMESTAMPTZ NOT NULL,
  ended_at     TIMESTAMPTZ,
  renews       UUID REFERENCES consents,
  FOREIGN KEY (treatment_id, version) REFERENCES treatment_versions
);
CREATE INDEX consents_account ON consents (account_id, given_at DESC);
CREATE UNIQUE INDEX consents_one_live ON consents (account_id, request_id) WHERE status IN ('given', 'renewed');
CREATE INDEX consents_live_scope ON consents (project_id, dataset_id, account_id) WHERE status IN ('given', 'renewed');
CREATE INDEX consents_live_treatment ON consents (treatment_id, version) WHERE status IN ('given', 'renewed');
CREATE INDEX consents_expiring ON consents (expires_at) WHERE status IN ('given', 'renewed');

-- Every event of a consent, with its receipt: a JWS (compact) signed with the platform key.
CREATE TABLE consent_events
(
  id         UUID PRIMARY KEY,
  consent_id UUID NOT NULL REFERENCES consents,
  type       TEXT NOT NULL,
  at         TIMESTAMPTZ NOT NULL,
  receipt    TEXT NOT NULL
);
CREATE INDEX consent_events_consent ON consent_events (consent_id, at);
