-- federation, node mode: this Kerys pushes its organisations' datasets to an upstream RUDI-compatible portal
-- (kerys.federation.upstream.*). One row per dataset holds what the upstream must end up with (action), what was
-- last sent and answered, and when to try again; it is the durable queue of the pusher, so a restart resumes.
-- state: 'pending' (to send at next_at), 'sent' (accepted by the upstream, awaiting its report), 'ok' / 'ko' (the
-- upstream's report on the last send), 'failed' (refused by the upstream with a 4xx: not tried again until the
-- dataset changes).
CREATE TABLE upstream_datasets
(
  global_id       UUID PRIMARY KEY,
  organization_id UUID,
  action          TEXT NOT NULL,
  generation      BIGINT NOT NULL DEFAULT 1,
  state           TEXT NOT NULL DEFAULT 'pending',
  attempts        INT NOT NULL DEFAULT 0,
  next_at         TIMESTAMPTZ,
  last_error      TEXT,
  method          TEXT,
  request_id      TEXT,
  sent_at         TIMESTAMPTZ,
  changed_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX upstream_datasets_due ON upstream_datasets (next_at) WHERE state = 'pending';

-- The organisations pushed to the upstream (strukture) before their first dataset, and the upstream's report.
CREATE TABLE upstream_organizations
(
  organization_id    UUID PRIMARY KEY,
  request_id         TEXT,
  sent_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
  integration_status TEXT,
  reported_at        TIMESTAMPTZ
);

-- The integration reports the upstream sent back (PUT /api/v1/resources/{id}/report), whole.
CREATE TABLE upstream_reports
(
  id                 BIGSERIAL PRIMARY KEY,
  resource_id        UUID NOT NULL,
  report_id          TEXT NOT NULL,
  integration_status TEXT NOT NULL,
  method             TEXT,
  comment            TEXT,
  body               JSONB NOT NULL,
  received_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX upstream_reports_resource ON upstream_reports (resource_id, id DESC);
