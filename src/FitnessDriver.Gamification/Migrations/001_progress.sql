CREATE TABLE gamification.athlete_progress (
    athlete_id uuid PRIMARY KEY,
    xp bigint NOT NULL DEFAULT 0,
    level integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Distance so far and kilometres already paid out, per activity.
CREATE TABLE gamification.activity_progress (
    activity_id uuid PRIMARY KEY,
    athlete_id uuid NOT NULL,
    sport text NOT NULL,
    distance_m double precision NOT NULL DEFAULT 0,
    awarded_km integer NOT NULL DEFAULT 0
);

-- Per device of an activity: the last sample time seen and the distance it measured (own channel or GPS track).
CREATE TABLE gamification.device_tracks (
    activity_id uuid NOT NULL,
    device_id text NOT NULL,
    last_t bigint NOT NULL,
    channel_distance_m double precision,
    gps_distance_m double precision NOT NULL DEFAULT 0,
    last_lat double precision,
    last_lon double precision,
    PRIMARY KEY (activity_id, device_id)
);

-- Every award once: (athlete, rule, key) is the idempotency key, e.g. ('km', '<activity>:3') or ('badge', 'marathon').
CREATE TABLE gamification.awards (
    athlete_id uuid NOT NULL,
    rule text NOT NULL,
    key text NOT NULL,
    xp integer NOT NULL DEFAULT 0,
    activity_id uuid,
    achievement_id uuid NOT NULL UNIQUE,
    awarded_at timestamptz NOT NULL,
    PRIMARY KEY (athlete_id, rule, key)
);

-- Achievements to publish, written in the same transaction as the awards (transactional outbox).
CREATE TABLE gamification.outbox (
    seq bigserial PRIMARY KEY,
    athlete_id uuid NOT NULL,
    achievement jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
