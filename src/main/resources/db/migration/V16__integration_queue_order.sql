-- federation: the integration workers take the oldest pending request (order by seq). Without an index of the
-- pending requests by seq, PostgreSQL walked the unique index of every request ever received, treated ones
-- included, to find the first pending one: each claim grew with the table's whole history (the push benchmark's
-- workers spent most of their time there). With this one a claim reads the few oldest pending requests only.
CREATE INDEX integration_requests_pending_seq ON integration_requests (seq) WHERE status = 'pending';
