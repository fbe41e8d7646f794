-- catalog: when the producer last updated the data (dataset_dates.updated), which lists show and sort on;
-- updated_at stays the time Kerys last changed the record (what harvesters filter on).
ALTER TABLE datasets ADD COLUMN dataset_updated TIMESTAMPTZ;
UPDATE datasets SET dataset_updated = (metadata -> 'dataset_dates' ->> 'updated')::timestamptz
  WHERE metadata -> 'dataset_dates' ->> 'updated' ~ '^\d{4}-\d{2}-\d{2}T';
CREATE INDEX datasets_shown_updated_idx ON datasets ((coalesce(dataset_updated, updated_at)) DESC, global_id);
