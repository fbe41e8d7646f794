-- access: the gateway's usage per direction. bytes stays the total (up + down: what bytes_per_day limits); bytes_in
-- is what callers sent up (service calls' bodies), bytes_out what the gateway sent them. Rows written before this
-- version only know the total: their bytes_in and bytes_out stay 0.
ALTER TABLE agreement_usage
  ADD COLUMN bytes_in  BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN bytes_out BIGINT NOT NULL DEFAULT 0;
