-- audit: the append-only, hash-chained ledger. Each entry carries the SHA-256 of its canonical form, which
-- includes the previous entry's hash (see org.kerys.audit.internal.EntryHash). audit_head is the chain's
-- last link: appending locks it (FOR UPDATE), so sequence numbers are gap-free even with several Kerys
-- instances on one database, and it lets verification notice entries removed from the end.
CREATE TABLE audit_head
(
  id       INT PRIMARY KEY CHECK (id = 1),
  sequence BIGINT NOT NULL,
  hash     TEXT NOT NULL
);
INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, repeat('0', 64));

CREATE TABLE audit_entries
(
  sequence      BIGINT PRIMARY KEY CHECK (sequence > 0),
  recorded_at   TIMESTAMPTZ NOT NULL,
  actor         TEXT,
  action        TEXT NOT NULL,
  target_type   TEXT,
  target_id     TEXT,
  outcome       TEXT NOT NULL,
  details       JSONB NOT NULL DEFAULT '{}',
  previous_hash TEXT NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
  hash          TEXT NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_entries_recorded_at_idx ON audit_entries (recorded_at);
CREATE INDEX audit_entries_actor_idx ON audit_entries (actor, sequence);
CREATE INDEX audit_entries_action_idx ON audit_entries (action, sequence);
CREATE INDEX audit_entries_target_idx ON audit_entries (target_type, target_id, sequence);

-- An entry must follow the head exactly; the head moves with it. A bug that computes a wrong link fails
-- the change it records instead of forking the chain.
CREATE FUNCTION audit_entries_follow_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_head WHERE id = 1 FOR UPDATE;
  IF NEW.sequence <> head.sequence + 1 OR NEW.previous_hash <> head.hash THEN
    RAISE EXCEPTION 'audit entry % does not follow the head of the ledger (entry %)', NEW.sequence, head.sequence;
  END IF;
  UPDATE audit_head SET sequence = NEW.sequence, hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_entries_follow_head BEFORE INSERT ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_entries_follow_head();

-- Append-only: no UPDATE, DELETE or TRUNCATE through ordinary SQL. This guards against mistakes and
-- application bugs, not against the database owner (who can disable triggers): the hash chain is what
-- reveals such changes.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit ledger is append-only (% on % refused)', TG_OP, TG_TABLE_NAME;
END $$;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The head changes only through an append (from the trigger above, at trigger depth 2).
CREATE FUNCTION audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the head of the audit ledger moves only by appending an entry (% refused)', TG_OP;
END $$;
CREATE TRIGGER audit_head_guard BEFORE UPDATE OR DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_guard();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
