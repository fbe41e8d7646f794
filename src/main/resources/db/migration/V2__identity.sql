-- identity: accounts. The issue on accounts brings registration, roles per organisation and tokens.
CREATE TABLE accounts
(
  id            UUID PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  email         TEXT,
  password_hash TEXT NOT NULL,
  platform_roles TEXT[] NOT NULL DEFAULT '{}',
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
