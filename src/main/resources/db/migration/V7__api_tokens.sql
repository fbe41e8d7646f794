-- identity: personal API tokens. Only the SHA-256 of a token is kept; the token itself is shown once.
CREATE TABLE api_tokens
(
  id           UUID PRIMARY KEY,
  account_id   UUID NOT NULL REFERENCES accounts ON DELETE CASCADE,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  scopes       TEXT[] NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at   TIMESTAMPTZ,
  last_used_at TIMESTAMPTZ,
  revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_tokens_account_idx ON api_tokens (account_id);
