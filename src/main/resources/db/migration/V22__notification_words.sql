-- access: a notification is written in words of the message bundles (i18n/access*.properties), in the reader's
-- language, from its kind, the words of its subject ('arguments': titles, dates) and what a person wrote with the
-- change ('message'). 'text' keeps the French words as they were when written, for the notifications written before
-- this migration (arguments null), which are shown as they are.
ALTER TABLE notifications ADD COLUMN arguments TEXT[];
ALTER TABLE notifications ADD COLUMN message TEXT;

-- a project's page lists its requests for data
CREATE INDEX data_requests_project ON data_requests (project_id, created_at DESC);
