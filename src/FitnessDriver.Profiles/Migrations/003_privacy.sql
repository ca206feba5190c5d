-- Each athlete's data key, wrapped by the master key. Deleting the row destroys the key: whatever was sealed with it
-- (in the event log, in other services' tables, in backups) can no longer be read.
CREATE TABLE profiles.athlete_keys (
    athlete_id uuid PRIMARY KEY REFERENCES profiles.athletes ON DELETE CASCADE,
    wrapped bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Personal fields sealed with the athlete's data key; the plain columns only hold what athletes entered before.
ALTER TABLE profiles.athletes ALTER COLUMN display_name DROP NOT NULL;
ALTER TABLE profiles.athletes ADD COLUMN sealed_display_name bytea;

-- Usernames sealed too, and found by a blind index (an HMAC of the lower-case form) in username_key. Credentials
-- stored before keep their plain username until Profiles seals them at its next start.
ALTER TABLE profiles.credentials ALTER COLUMN username DROP NOT NULL;
ALTER TABLE profiles.credentials ADD COLUMN sealed_username bytea;
ALTER TABLE profiles.credentials ADD CONSTRAINT credentials_username_sealed_or_plain CHECK (sealed_username IS NOT NULL OR username IS NOT NULL);

-- Erasures: written with the deletions, and published as athlete-erased events until every service got them.
CREATE TABLE profiles.erasures (
    athlete_id uuid PRIMARY KEY,
    erased_at timestamptz NOT NULL,
    receipt jsonb NOT NULL,
    published_at timestamptz
);

-- Export jobs: the athlete's archive is built in the background and kept for a week, in the athlete's region, as
-- chunks any replica can serve.
CREATE TABLE profiles.exports (
    export_id uuid PRIMARY KEY,
    athlete_id uuid NOT NULL REFERENCES profiles.athletes ON DELETE CASCADE,
    requested_at timestamptz NOT NULL DEFAULT now(),
    status text NOT NULL,
    activities_done integer NOT NULL DEFAULT 0,
    activities_total integer,
    updated_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    failure text,
    archive_bytes bigint
);
CREATE INDEX exports_by_athlete ON profiles.exports (athlete_id, requested_at DESC);

CREATE TABLE profiles.export_chunks (
    export_id uuid NOT NULL REFERENCES profiles.exports ON DELETE CASCADE,
    seq integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (export_id, seq)
);
