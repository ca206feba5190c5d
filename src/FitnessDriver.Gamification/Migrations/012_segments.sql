-- The time of each device's last position, so that a move between two positions is timed at both ends.
ALTER TABLE gamification.device_tracks ADD COLUMN position_t bigint;

-- Segments: a stretch of an athlete's activity others race on. Its name and path are sealed with its maker's data key, so
-- erasing the athlete leaves them unreadable. Creating or deleting one takes the next change number, which is how every
-- consumer replica learns what changed since it last looked. A deleted segment keeps only its id.
CREATE SEQUENCE gamification.segment_changes;
CREATE TABLE gamification.segments (
    segment_id uuid PRIMARY KEY,
    seq bigint NOT NULL DEFAULT nextval('gamification.segment_changes'),
    athlete_id uuid,
    activity_id uuid,
    sport text NOT NULL,
    sealed_name bytea NOT NULL,
    sealed_path bytea NOT NULL,
    distance_m double precision NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX segments_by_change ON gamification.segments (seq);
CREATE INDEX segments_by_athlete ON gamification.segments (athlete_id) WHERE NOT deleted;

-- Attempts under way: a device's track passed a segment's start (this close, at this time) and is on its way through the checkpoints.
CREATE TABLE gamification.segment_attempts (
    activity_id uuid NOT NULL,
    device_id text NOT NULL,
    segment_id uuid NOT NULL,
    start_t double precision NOT NULL,
    start_gap_m double precision NOT NULL,
    next_checkpoint integer NOT NULL,
    PRIMARY KEY (activity_id, device_id, segment_id)
);

-- Completed efforts. Two devices of one activity timing the same pass make one effort (the faster).
CREATE TABLE gamification.segment_efforts (
    segment_id uuid NOT NULL,
    activity_id uuid NOT NULL,
    started_at timestamptz NOT NULL,
    athlete_id uuid NOT NULL,
    elapsed_ms integer NOT NULL,
    PRIMARY KEY (segment_id, activity_id, started_at)
);
CREATE INDEX segment_efforts_ranking ON gamification.segment_efforts (segment_id, elapsed_ms);
CREATE INDEX segment_efforts_of_activity ON gamification.segment_efforts (activity_id);
CREATE INDEX segment_efforts_of_athlete ON gamification.segment_efforts (athlete_id, segment_id);
