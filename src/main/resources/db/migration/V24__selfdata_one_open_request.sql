-- One open self-data request per citizen and dataset, held by the database too: two submissions at the same
-- moment both passed the service's check before; now the second is refused (409 KRS-409-SELFDATA-OPEN).
CREATE UNIQUE INDEX selfdata_requests_one_open ON selfdata_requests (account_id, dataset_id)
  WHERE status IN ('SUBMITTED', 'MODERATION', 'IN_PROGRESS');
