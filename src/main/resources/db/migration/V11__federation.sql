-- federation: producer nodes registered by administrators, and what they push (integration requests) with the
-- delivery of each request's report back to the node. The table is the queue: a request is accepted (committed)
-- before it is answered, treated in the transaction that applies it to the catalogue, and its report is retried
-- from the state kept here, so a restart resumes where the last process stopped.
CREATE TABLE federation_nodes
(
  id                    UUID PRIMARY KEY,
  name                  TEXT NOT NULL,
  url                   TEXT NOT NULL,
  client_id             TEXT NOT NULL UNIQUE,
  harvest_schedule      TEXT,
  allow_private_network BOOLEAN NOT NULL DEFAULT FALSE,
  created_by            TEXT NOT NULL,
  created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
  revoked_at            TIMESTAMPTZ
);

-- The organisations a node publishes for (catalogue organisation ids; no foreign key across modules).
CREATE TABLE federation_node_organizations
(
  node_id         UUID NOT NULL REFERENCES federation_nodes ON DELETE CASCADE,
  organization_id UUID NOT NULL,
  PRIMARY KEY (node_id, organization_id)
);

-- One push of a node: kind 'resource' (kalim) or 'organization' (strukture).
-- status: 'pending' (accepted, not yet applied), 'ok', 'ko'.
-- report_state: 'pending' (to deliver, at report_next_at), 'delivered', 'failed' (tries exhausted or refused).
CREATE TABLE integration_requests
(
  id               UUID PRIMARY KEY,
  seq              BIGSERIAL NOT NULL UNIQUE,
  node_id          UUID NOT NULL REFERENCES federation_nodes ON DELETE CASCADE,
  kind             TEXT NOT NULL,
  method           TEXT NOT NULL,
  target_id        UUID NOT NULL,
  version          TEXT,
  body             JSONB,
  language         TEXT NOT NULL DEFAULT 'fr',
  submitted_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  status           TEXT NOT NULL DEFAULT 'pending',
  treated_at       TIMESTAMPTZ,
  comment          TEXT,
  errors           JSONB NOT NULL DEFAULT '[]',
  report_state     TEXT,
  report_attempts  INTEGER NOT NULL DEFAULT 0,
  report_next_at   TIMESTAMPTZ,
  report_error     TEXT
);

-- Requests are applied in the order they came (seq), one at a time per dataset or organisation (a POST then a PUT
-- of the same dataset must not be applied the other way round by two workers).
CREATE INDEX integration_requests_pending ON integration_requests (target_id, seq) WHERE status = 'pending';
CREATE INDEX integration_requests_reports ON integration_requests (report_next_at) WHERE report_state = 'pending';
CREATE INDEX integration_requests_node ON integration_requests (node_id, submitted_at DESC);

-- Each try to deliver a report: when, and what came of it (the node's HTTP status, or why it was not reached).
CREATE TABLE integration_report_attempts
(
  request_id  UUID NOT NULL REFERENCES integration_requests ON DELETE CASCADE,
  attempt     INTEGER NOT NULL,
  tried_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  http_status INTEGER,
  error       TEXT,
  PRIMARY KEY (request_id, attempt)
);
