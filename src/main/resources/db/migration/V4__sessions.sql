-- Login sessions, so that they outlive a restart (a big screen stays signed in through a deploy).
-- Only SHA-256 hashes of the tokens are stored; last_seen lags use by at most the flush interval.
CREATE TABLE sessions (
    id             text PRIMARY KEY,
    login          text NOT NULL,
    cookie         boolean NOT NULL,
    created_at     timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL,
    access_hash    text NOT NULL UNIQUE,
    access_expires timestamptz NOT NULL,
    refresh_hash   text UNIQUE,
    csrf_hash      text,
    last_seen      timestamptz NOT NULL
);
CREATE INDEX sessions_login_idx ON sessions (login);
