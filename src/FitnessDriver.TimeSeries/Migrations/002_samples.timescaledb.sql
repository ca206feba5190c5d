-- With TimescaleDB: a hypertable in 7-day chunks, compressed by activity and device after 30 days.
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
);
SELECT create_hypertable('timeseries.samples', 't', chunk_time_interval => INTERVAL '7 days');
CREATE INDEX samples_by_athlete ON timeseries.samples (athlete_id, t);
ALTER TABLE timeseries.samples SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'activity_id, device_id',
    timescaledb.compress_orderby = 't');
SELECT add_compression_policy('timeseries.samples', INTERVAL '30 days');
