-- The devices of each activity and their kind, which ranks them when channels are fused.
CREATE TABLE timeseries.activity_devices (
    activity_id uuid NOT NULL,
    device_id text NOT NULL,
    kind text,
    source smallint NOT NULL DEFAULT 0,
    PRIMARY KEY (activity_id, device_id)
);

-- Activities merged into another one of the athlete (the same workout recorded twice).
CREATE TABLE timeseries.activity_aliases (
    activity_id uuid PRIMARY KEY,
    canonical_id uuid NOT NULL,
    athlete_id uuid NOT NULL
);
