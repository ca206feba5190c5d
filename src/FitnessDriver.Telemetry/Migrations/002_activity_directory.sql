-- What the edge knows of every activity (or that it was deleted: entry columns null), read back when it is no longer
-- held in memory. Written by the telemetry-activities consumer from the lifecycle topic.
CREATE TABLE telemetry.activities (
    activity_id uuid PRIMARY KEY,
    athlete_id uuid NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    sport text,
    started_at bigint,
    finished_at bigint,
    merged_into uuid,
    name text,
    sealed_name bytea,
    visibility text
);
CREATE INDEX activities_by_athlete ON telemetry.activities (athlete_id);
