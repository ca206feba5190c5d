-- An activity's best efforts as it streams in (the time each 10 m was reached, the last 20 minutes of power, the
-- bests so far), and each athlete's personal records.
ALTER TABLE gamification.activity_progress ADD COLUMN efforts bytea;

CREATE TABLE gamification.personal_records (
    athlete_id uuid NOT NULL,
    record text NOT NULL,
    value double precision NOT NULL,
    activity_id uuid NOT NULL,
    achieved_at timestamptz NOT NULL,
    PRIMARY KEY (athlete_id, record)
);
