-- The last position of a device is sealed with the athlete's data key (it is where the athlete is); the plain
-- columns only hold positions stored before.
ALTER TABLE gamification.device_tracks ADD COLUMN sealed_last_position bytea;

-- Athletes erased from this schema; consumers leave out any data of theirs that arrives later.
CREATE TABLE gamification.erased_athletes (
    athlete_id uuid PRIMARY KEY,
    erased_at timestamptz NOT NULL,
    deleted jsonb
);
CREATE INDEX challenge_participants_of_athlete ON gamification.challenge_participants (athlete_id);
CREATE INDEX activity_progress_by_athlete ON gamification.activity_progress (athlete_id);
