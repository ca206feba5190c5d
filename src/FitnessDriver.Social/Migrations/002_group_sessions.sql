-- Live group sessions. changed_at is set when a member's figures changed since the last update went out (updated_at);
-- updates counts the updates, so each update's notices have ids of their own.
CREATE TABLE social.group_sessions (
    session_id uuid PRIMARY KEY,
    name text NOT NULL,
    club_id uuid,
    host_id uuid NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    changed_at timestamptz,
    updated_at timestamptz,
    updates bigint NOT NULL DEFAULT 0
);
CREATE INDEX group_sessions_changed ON social.group_sessions (changed_at) WHERE changed_at IS NOT NULL;

-- A member, the activity they record in the session (named at join, or the first one recorded after joining) and
-- what its samples add up to: the distance of one device (as in social.tallies), two points of it 15-30 s apart for
-- the pace, and the latest heart rate. The device's latest position is sealed with the athlete's data key, as in
-- social.tallies. rank is the member's place in the last update, to tell who passed whom.
CREATE TABLE social.group_members (
    session_id uuid NOT NULL REFERENCES social.group_sessions ON DELETE CASCADE,
    athlete_id uuid NOT NULL,
    joined_at timestamptz NOT NULL DEFAULT now(),
    left_at timestamptz,
    activity_id uuid,
    device_id text,
    first_t bigint,
    last_t bigint,
    distance_m double precision NOT NULL DEFAULT 0,
    moving_s double precision NOT NULL DEFAULT 0,
    last_distance double precision,
    last_position bytea,
    anchor_t bigint,
    anchor_m double precision,
    recent_t bigint,
    recent_m double precision,
    hr integer,
    hr_t bigint,
    finished_at timestamptz,
    finish_sent boolean NOT NULL DEFAULT false,
    rank integer,
    PRIMARY KEY (session_id, athlete_id)
);
CREATE INDEX group_members_by_athlete ON social.group_members (athlete_id) WHERE left_at IS NULL;
CREATE INDEX group_members_by_activity ON social.group_members (activity_id) WHERE activity_id IS NOT NULL;
