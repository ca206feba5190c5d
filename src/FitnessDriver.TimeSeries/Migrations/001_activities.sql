CREATE TABLE timeseries.activities (
    activity_id uuid PRIMARY KEY,
    athlete_id uuid NOT NULL,
    sport text NOT NULL,
    name text,
    started_at timestamptz NOT NULL,
    finished_at timestamptz
);
CREATE INDEX activities_by_athlete ON timeseries.activities (athlete_id, started_at DESC);

-- XP earned per activity, from gamification.achievements; unique by achievement so re-delivery is harmless.
CREATE TABLE timeseries.activity_xp (
    achievement_id uuid PRIMARY KEY,
    activity_id uuid NOT NULL,
    xp integer NOT NULL
);
CREATE INDEX activity_xp_by_activity ON timeseries.activity_xp (activity_id);

-- Great-circle distance in metres (mean Earth radius).
CREATE FUNCTION timeseries.haversine_m(lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 2 * 6371008.8 * asin(least(1, sqrt(
        power(sin(radians(lat2 - lat1) / 2), 2)
        + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2))))
$$;
