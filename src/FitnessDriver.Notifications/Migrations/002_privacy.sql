-- Athletes erased from this schema; achievements of theirs that arrive later are left out.
CREATE TABLE notifications.erased_athletes (
    athlete_id uuid PRIMARY KEY,
    erased_at timestamptz NOT NULL,
    deleted jsonb
);
