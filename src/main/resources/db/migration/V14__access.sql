-- access: reuse projects, access requests, agreements and their history, portal notifications.
-- Datasets, organisations and accounts are other modules' rows: referenced by id, without foreign keys.

-- A project declared by a reuser (an account, and optionally an organisation it belongs to). Its members are its
-- creator and the owner organisation's members. 'moderation' says whether a public project is shown as a reuse.
CREATE TABLE projects
(
  id                    UUID PRIMARY KEY,
  title                 TEXT NOT NULL,
  description           TEXT NOT NULL DEFAULT '',
  type                  TEXT NOT NULL CHECK (type IN ('application', 'service', 'study', 'visualisation', 'other')),
  themes                TEXT[] NOT NULL DEFAULT '{}',
  expected_start        DATE,
  expected_end          DATE,
  contact               TEXT,
  public                BOOLEAN NOT NULL DEFAULT false,
  owner_organization_id UUID,
  created_by            UUID NOT NULL,
  moderation            TEXT NOT NULL DEFAULT 'approved' CHECK (moderation IN ('pending', 'approved', 'rejected')),
  created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX projects_created_by ON projects (created_by);
CREATE INDEX projects_owner ON projects (owner_organization_id);

-- The datasets a project uses (linked by its members, or by an access request).
CREATE TABLE project_datasets
(
  project_id UUID NOT NULL REFERENCES projects ON DELETE CASCADE,
  dataset_id UUID NOT NULL,
  linked_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, dataset_id)
);
CREATE INDEX project_datasets_dataset ON project_datasets (dataset_id);

-- Data a project needs that no dataset holds yet: for the moderators.
CREATE TABLE data_requests
(
  id          UUID PRIMARY KEY,
  project_id  UUID NOT NULL REFERENCES projects ON DELETE CASCADE,
  title       TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_by  UUID NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A project's request for a restricted dataset, answered by the producer organisation.
CREATE TABLE access_requests
(
  id                 UUID PRIMARY KEY,
  project_id         UUID NOT NULL REFERENCES projects,
  dataset_id         UUID NOT NULL,
  producer_id        UUID NOT NULL,
  media_ids          UUID[] NOT NULL DEFAULT '{}',
  purpose            TEXT NOT NULL,
  requested_end_date DATE,
  message            TEXT,
  state              TEXT NOT NULL CHECK (state IN ('SUBMITTED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN')),
  created_by         UUID NOT NULL,
  created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX access_requests_project ON access_requests (project_id);
CREATE INDEX access_requests_producer ON access_requests (producer_id, state);

-- The conditions a producer accepted. EXPIRED is written when a read finds end_date passed (no nightly job);
-- every decision compares end_date with the time of the access anyway.
CREATE TABLE agreements
(
  id                    UUID PRIMARY KEY,
  request_id            UUID NOT NULL UNIQUE REFERENCES access_requests,
  project_id            UUID NOT NULL REFERENCES projects,
  dataset_id            UUID NOT NULL,
  producer_id           UUID NOT NULL,
  media_ids             UUID[] NOT NULL,
  purpose               TEXT NOT NULL,
  start_date            TIMESTAMPTZ NOT NULL,
  end_date              TIMESTAMPTZ NOT NULL,
  rate_limit_per_minute INTEGER CHECK (rate_limit_per_minute > 0),
  bytes_per_day         BIGINT CHECK (bytes_per_day > 0),
  state                 TEXT NOT NULL CHECK (state IN ('ACTIVE', 'EXPIRED', 'REVOKED', 'ENDED')),
  created_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX agreements_project ON agreements (project_id, state);
CREATE INDEX agreements_producer ON agreements (producer_id);

-- Every transition of a request or an agreement: when, who (an account id, or 'system'), into which state, why.
CREATE TABLE access_transitions
(
  id           BIGSERIAL PRIMARY KEY,
  subject_type TEXT NOT NULL CHECK (subject_type IN ('access_request', 'agreement')),
  subject_id   UUID NOT NULL,
  state        TEXT NOT NULL,
  actor        TEXT NOT NULL,
  message      TEXT,
  at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX access_transitions_subject ON access_transitions (subject_id, id);

-- What the portal shows an account about its requests and agreements.
CREATE TABLE notifications
(
  id           UUID PRIMARY KEY,
  account_id   UUID NOT NULL,
  kind         TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id   UUID NOT NULL,
  text         TEXT NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  read_at      TIMESTAMPTZ
);
CREATE INDEX notifications_account ON notifications (account_id, created_at DESC);

-- identity: OAuth2 clients of reuse projects (client-credentials grant), as node_clients for nodes. The secret is
-- kept as an Argon2id hash only; it is shown once, when the client is created or rotated.
CREATE TABLE project_clients
(
  client_id   TEXT PRIMARY KEY,
  project_id  UUID NOT NULL,
  name        TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  rotated_at  TIMESTAMPTZ,
  revoked_at  TIMESTAMPTZ,
  revoked_by  TEXT
);
CREATE INDEX project_clients_project ON project_clients (project_id);

-- access: what the gateway served under each agreement, per day and HTTP status (calls and body bytes), for both
-- sides to see and for the daily volume limit.
CREATE TABLE agreement_usage
(
  agreement_id UUID NOT NULL REFERENCES agreements,
  day          DATE NOT NULL,
  status       INTEGER NOT NULL,
  calls        BIGINT NOT NULL DEFAULT 0,
  bytes        BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (agreement_id, day, status)
);
