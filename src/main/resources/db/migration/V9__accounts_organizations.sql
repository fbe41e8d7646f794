-- identity: accounts that people create themselves, sign in to with a password or an OpenID Connect provider,
-- verify by email and may delete; their roles in organisations; invitations; one-time codes.

-- An account that only ever signed in with OpenID Connect has no password.
ALTER TABLE accounts ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE accounts
  ADD COLUMN display_name      TEXT,
  ADD COLUMN email_verified_at TIMESTAMPTZ,
  -- a deleted account keeps its row (its id is the pseudonymous reference of the audit ledger) with every
  -- personal field erased and its login replaced by 'deleted-<id>'
  ADD COLUMN deleted_at        TIMESTAMPTZ;
-- the administrator created on first start has a verified account (no email to verify)
UPDATE accounts SET email_verified_at = created_at WHERE email_verified_at IS NULL;
CREATE UNIQUE INDEX accounts_email_idx ON accounts (lower(email)) WHERE email IS NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_roles_check
  CHECK (platform_roles <@ ARRAY['administrator', 'moderator']::TEXT[]);

-- The role of an account in an organisation (a catalogue organisation id; no foreign key across modules).
CREATE TABLE memberships
(
  account_id      UUID NOT NULL REFERENCES accounts ON DELETE CASCADE,
  organization_id UUID NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('member', 'editor', 'admin')),
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, organization_id)
);
CREATE INDEX memberships_organization_idx ON memberships (organization_id);

-- An invitation to join an organisation with a role, sent by email; only the SHA-256 of its code is kept.
CREATE TABLE invitations
(
  id              UUID PRIMARY KEY,
  organization_id UUID NOT NULL,
  email           TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('member', 'editor', 'admin')),
  code_hash       TEXT NOT NULL UNIQUE,
  invited_by      UUID REFERENCES accounts ON DELETE SET NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at      TIMESTAMPTZ NOT NULL,
  accepted_at     TIMESTAMPTZ,
  accepted_by     UUID REFERENCES accounts ON DELETE SET NULL,
  revoked_at      TIMESTAMPTZ
);
CREATE INDEX invitations_organization_idx ON invitations (organization_id);

-- One-time codes sent by email: address verification and password reset. Only their SHA-256 is kept.
CREATE TABLE account_codes
(
  code_hash  TEXT PRIMARY KEY,
  account_id UUID NOT NULL REFERENCES accounts ON DELETE CASCADE,
  purpose    TEXT NOT NULL CHECK (purpose IN ('verify', 'reset')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at TIMESTAMPTZ NOT NULL,
  used_at    TIMESTAMPTZ
);
CREATE INDEX account_codes_account_idx ON account_codes (account_id, purpose);

-- Accounts linked to an OpenID Connect provider's subject.
CREATE TABLE account_links
(
  issuer     TEXT NOT NULL,
  subject    TEXT NOT NULL,
  account_id UUID NOT NULL REFERENCES accounts ON DELETE CASCADE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX account_links_account_idx ON account_links (account_id);

-- Node clients: who revoked them.
ALTER TABLE node_clients ADD COLUMN revoked_by TEXT;
