-- identity: OAuth2 clients of producer nodes (client-credentials grant). The secret is kept as an Argon2id hash
-- only; it is shown once, when the client is created.
CREATE TABLE node_clients
(
  client_id   TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  revoked_at  TIMESTAMPTZ
);

-- The producer organisations a node client publishes for (catalogue organisation ids; no foreign key across modules).
CREATE TABLE node_client_organizations
(
  client_id       TEXT NOT NULL REFERENCES node_clients ON DELETE CASCADE,
  organization_id UUID NOT NULL,
  PRIMARY KEY (client_id, organization_id)
);
