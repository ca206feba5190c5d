-- What reads of an activity would otherwise recompute from all its samples: the time range of its samples and its
-- summary's figures. A row holds for the samples of one `version` (the row versions of the activity's devices,
-- which the writer touches with every batch it stores); a read that finds another version computes them again.
CREATE TABLE timeseries.activity_summaries (
    activity_id uuid PRIMARY KEY,
    version text NOT NULL,
    first_t timestamptz NOT NULL,
    last_t timestamptz NOT NULL,
    computed boolean NOT NULL DEFAULT false,
    sample_count bigint,
    distance_m double precision,
    moving_s double precision,
    avg_hr double precision,
    max_hr double precision,
    avg_power double precision,
    avg_speed double precision
);
