-- Activities deleted by their athlete; consumers leave out anything of theirs that arrives later.
CREATE TABLE timeseries.deleted_activities (
    activity_id uuid PRIMARY KEY,
    athlete_id uuid NOT NULL,
    deleted_at timestamptz NOT NULL
);
CREATE INDEX deleted_activities_by_athlete ON timeseries.deleted_activities (athlete_id);
