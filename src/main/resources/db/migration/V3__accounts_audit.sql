-- GridWatch PostGIS schema, version 3: who may see and do what, and what they did.
-- Accounts (users, device keys, API keys; secrets only as hashes), the authenticated actor of each
-- incident transition, and the hash-chained, append-only audit trail.

ALTER TABLE incident_transitions ADD COLUMN actor_id text;

-- Local user accounts. roles and jurisdiction are comma-separated lists of role ids and area codes.
CREATE TABLE users (
    login               text PRIMARY KEY,
    display_name        text NOT NULL,
    staff_no            text NOT NULL,
    roles               text NOT NULL,
    jurisdiction        text NOT NULL,
    password_hash       text NOT NULL,
    disabled            boolean NOT NULL,
    failed_logins       integer NOT NULL,
    locked_until        timestamptz,
    created_at          timestamptz NOT NULL,
    password_changed_at timestamptz NOT NULL,
    last_login_at       timestamptz
);

-- Unit terminals' credentials, each bound to one unit; key_hash is the SHA-256 of the device key.
CREATE TABLE devices (
    id          text PRIMARY KEY,
    unit_id     text NOT NULL,
    terminal_id text,
    key_hash    text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX devices_unit_id_idx ON devices (unit_id);

-- Integrations' API keys; key_hash is the SHA-256 of the key.
CREATE TABLE api_keys (
    id           text PRIMARY KEY,
    name         text NOT NULL,
    roles        text NOT NULL,
    jurisdiction text NOT NULL,
    key_hash     text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);

-- The audit trail (审计). hash = SHA-256 of prev_hash and the record's fields (AuditChain); the
-- one row of audit_head is the end of the chain, locked by every append so that appends from
-- several processes (server and command line) link in one line.
CREATE TABLE audit_log (
    seq        bigint PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor_kind text NOT NULL,
    actor_id   text NOT NULL,
    actor_name text NOT NULL,
    address    text NOT NULL,
    user_agent text NOT NULL,
    action     text NOT NULL,
    route      text NOT NULL,
    target     text NOT NULL,
    outcome    integer NOT NULL,
    detail     text NOT NULL,
    prev_hash  text NOT NULL,
    hash       text NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, seq);

CREATE TABLE audit_head (
    id   integer PRIMARY KEY CHECK (id = 1),
    seq  bigint NOT NULL,
    hash text NOT NULL
);
INSERT INTO audit_head VALUES (1, 0, repeat('0', 64));

-- Append-only: records are never changed (retention deletes whole old ones).
CREATE FUNCTION audit_log_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_update();
