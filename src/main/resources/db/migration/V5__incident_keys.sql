-- The idempotency keys of reports: key_hash = SHA-256 of the reporter and the client's
-- Idempotency-Key, stored in the incident's own transaction, so that a retry of a report whose
-- answer was lost finds the incident (even after a restart) instead of making a second one.
CREATE TABLE incident_keys (
    key_hash    text PRIMARY KEY,
    incident_id bigint NOT NULL,
    created_at  timestamptz NOT NULL
);
