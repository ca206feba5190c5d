-- Without TimescaleDB: native range partitions by month, created by the writer as data arrives.
CREATE TABLE timeseries.samples (
    activity_id uuid NOT NULL,
    device_id text NOT NULL,
    t timestamptz NOT NULL,
    athlete_id uuid NOT NULL,
    hr smallint,
    power smallint,
    cadence smallint,
    speed real,
    distance double precision,
    lat double precision,
    lon double precision,
    alt real,
    rr smallint[],
    PRIMARY KEY (activity_id, device_id, t)
) PARTITION BY RANGE (t);
CREATE INDEX samples_by_athlete ON timeseries.samples (athlete_id, t);
