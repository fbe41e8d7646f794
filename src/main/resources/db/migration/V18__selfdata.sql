-- self-data: citizens' requests for their own data, the producers' tasks, and every access to a citizen's data.
-- Matching values, attachments, node answers and citizens' messages are stored ONLY sealed (AES-256-GCM) by
-- PersonalKeys: *_key_id names the key, *_sealed is nonce || ciphertext || tag, bound to the row by associated data.

-- One request of a citizen (account_id) for a dataset. mode: 'NODE' (matching by the producer's node), 'STORE'
-- (Kerys' built-in personal store), 'OUT' (treated by the producer's members outside Kerys).
-- status: SUBMITTED, MODERATION, IN_PROGRESS, COMPLETED, REJECTED, CANCELLED. A COMPLETED request with data_found
-- is the citizen's link to their data (its id is the subject id) until forgotten_at.
CREATE TABLE selfdata_requests
(
  id               UUID PRIMARY KEY,
  dataset_id       UUID NOT NULL,
  producer_id      UUID,
  account_id       UUID NOT NULL,
  mode             TEXT NOT NULL,
  status           TEXT NOT NULL,
  data_found       BOOLEAN,
  matching_key_id  TEXT,
  matching_sealed  BYTEA,
  match_key_id     TEXT,
  match_sealed     BYTEA,
  match_expires_at TIMESTAMPTZ,
  forgotten_at     TIMESTAMPTZ,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX selfdata_requests_account ON selfdata_requests (account_id, created_at DESC);
CREATE INDEX selfdata_requests_dataset ON selfdata_requests (dataset_id, account_id);
CREATE INDEX selfdata_requests_pending ON selfdata_requests (status, updated_at) WHERE status IN ('SUBMITTED', 'IN_PROGRESS');

-- Files a citizen joined (matching fields of type ATTACHMENT): name, type and content sealed together; deleted when
-- the request closes.
CREATE TABLE selfdata_attachments
(
  id         UUID PRIMARY KEY,
  request_id UUID NOT NULL REFERENCES selfdata_requests ON DELETE CASCADE,
  code       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  key_id     TEXT NOT NULL,
  sealed     BYTEA NOT NULL
);
CREATE INDEX selfdata_attachments_request ON selfdata_attachments (request_id);

-- Every state a request went through, with its time, actor (login, or 'system') and message (never a personal value).
CREATE TABLE selfdata_transitions
(
  seq        BIGSERIAL PRIMARY KEY,
  request_id UUID NOT NULL REFERENCES selfdata_requests ON DELETE CASCADE,
  status     TEXT NOT NULL,
  actor      TEXT NOT NULL,
  message    TEXT,
  at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX selfdata_transitions_request ON selfdata_transitions (request_id, seq);

-- Work for the producer organisation's members. kind: 'OUT' (find the person, hand the data over outside Kerys),
-- 'MODERATION' (check the proofs before matching), 'ERASURE', 'RECTIFICATION'. The citizen's message is sealed.
-- status: OPEN, TREATED, CANCELLED; outcome: FOUND / NOT_FOUND (OUT), APPROVED / REJECTED (MODERATION),
-- DONE / REFUSED (ERASURE, RECTIFICATION).
CREATE TABLE selfdata_tasks
(
  id              UUID PRIMARY KEY,
  request_id      UUID NOT NULL REFERENCES selfdata_requests ON DELETE CASCADE,
  organization_id UUID NOT NULL,
  dataset_id      UUID NOT NULL,
  kind            TEXT NOT NULL,
  status          TEXT NOT NULL,
  due_at          TIMESTAMPTZ NOT NULL,
  message_key_id  TEXT,
  message_sealed  BYTEA,
  outcome         TEXT,
  answer          TEXT,
  treated_by      TEXT,
  treated_at      TIMESTAMPTZ,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX selfdata_tasks_organization ON selfdata_tasks (organization_id, status, due_at);
CREATE INDEX selfdata_tasks_request ON selfdata_tasks (request_id);

-- Every access to a citizen's data or matching values: by the citizen, by a call to the producer's node, by a
-- producer's member (OUT task), by a service (consent). Written in the transaction of its audit ledger entry.
-- actor_kind: CITIZEN, NODE, STORE, PRODUCER, SERVICE; what: MATCHING, GDATA, TPBC, MATCHING_VALUES, ATTACHMENT.
CREATE TABLE selfdata_accesses
(
  id          UUID PRIMARY KEY,
  account_id  UUID NOT NULL,
  request_id  UUID,
  dataset_id  UUID NOT NULL,
  actor_kind  TEXT NOT NULL,
  actor       TEXT NOT NULL,
  what        TEXT NOT NULL,
  at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX selfdata_accesses_account ON selfdata_accesses (account_id, at DESC);
