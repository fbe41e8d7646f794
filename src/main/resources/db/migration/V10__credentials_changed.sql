-- identity: when an account's password last changed (or it was reset). Portal sessions signed in before that end
-- at their next request (SessionFreshness), so a changed password locks out whoever knew the old one.
ALTER TABLE accounts ADD COLUMN credentials_changed_at TIMESTAMPTZ;
