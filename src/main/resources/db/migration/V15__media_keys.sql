-- storage: the RSA key pairs producers encrypt media files for (RUDI's "+crypt" files). A media may have several:
-- the newest is the one published; older ones stay to decrypt the files encrypted under them.
-- The private key (PKCS#8) is kept only wrapped under a master key (AES-256-GCM, the key id as associated data);
-- master_key_id names which master key, so that a rotation can proceed row by row and survive a crash.
CREATE TABLE media_keys
(
  key_id              UUID PRIMARY KEY,
  media_id            UUID NOT NULL,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  public_key          BYTEA NOT NULL,
  wrapped_private_key BYTEA NOT NULL,
  master_key_id       TEXT NOT NULL
);
CREATE INDEX media_keys_media_id_idx ON media_keys (media_id, created_at DESC);

-- An encrypted file is stored as it came (ciphertext at rest); these say which key opens it and how long its
-- plaintext is. Both null for a file stored in clear.
ALTER TABLE media_files ADD COLUMN key_id UUID;
ALTER TABLE media_files ADD COLUMN plain_size BIGINT CHECK (plain_size >= 0);
