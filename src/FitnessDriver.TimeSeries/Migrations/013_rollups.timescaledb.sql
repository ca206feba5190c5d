-- The 10 s and 1 min rollups of the samples, per activity, device and bucket: sums and counts of each channel (an
-- average is the sum over the count) and the largest distance. The writer adds each batch it stores in the same
-- transaction; they are kept when raw samples are dropped. Filled here from the samples already stored.
-- With TimescaleDB they are hypertables compressed like the samples (rather than continuous aggregates, which a refresh
-- would compute again from raw samples that retention may have dropped).
CREATE TABLE timeseries.rollups_10s (
    activity_id uuid NOT NULL,
    device_id text NOT NULL,
    bucket timestamptz NOT NULL,
    samples integer NOT NULL,
    hr_sum bigint NOT NULL DEFAULT 0,
    hr_n integer NOT NULL DEFAULT 0,
    power_sum bigint NOT NULL DEFAULT 0,
    power_n integer NOT NULL DEFAULT 0,
    cadence_sum bigint NOT NULL DEFAULT 0,
    cadence_n integer NOT NULL DEFAULT 0,
    speed_sum bigint NOT NULL DEFAULT 0,
    speed_n integer NOT NULL DEFAULT 0,
    distance_max bigint,
    alt_sum bigint NOT NULL DEFAULT 0,
    alt_n integer NOT NULL DEFAULT 0,
    lat_sum double precision NOT NULL DEFAULT 0,
    lon_sum double precision NOT NULL DEFAULT 0,
    position_n integer NOT NULL DEFAULT 0,
    PRIMARY KEY (activity_id, device_id, bucket)
);
CREATE TABLE timeseries.rollups_1m (
    activity_id uuid NOT NULL,
    device_id text NOT NULL,
    bucket timestamptz NOT NULL,
    samples integer NOT NULL,
    hr_sum bigint NOT NULL DEFAULT 0,
    hr_n integer NOT NULL DEFAULT 0,
    power_sum bigint NOT NULL DEFAULT 0,
    power_n integer NOT NULL DEFAULT 0,
    cadence_sum bigint NOT NULL DEFAULT 0,
    cadence_n integer NOT NULL DEFAULT 0,
    speed_sum bigint NOT NULL DEFAULT 0,
    speed_n integer NOT NULL DEFAULT 0,
    distance_max bigint,
    alt_sum bigint NOT NULL DEFAULT 0,
    alt_n integer NOT NULL DEFAULT 0,
    lat_sum double precision NOT NULL DEFAULT 0,
    lon_sum double precision NOT NULL DEFAULT 0,
    position_n integer NOT NULL DEFAULT 0,
    PRIMARY KEY (activity_id, device_id, bucket)
);
SELECT create_hypertable('timeseries.rollups_10s', 'bucket', chunk_time_interval => INTERVAL '30 days');
ALTER TABLE timeseries.rollups_10s SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'activity_id, device_id',
    timescaledb.compress_orderby = 'bucket');
SELECT add_compression_policy('timeseries.rollups_10s', compress_after => INTERVAL '2 days', schedule_interval => INTERVAL '6 hours');
SELECT create_hypertable('timeseries.rollups_1m', 'bucket', chunk_time_interval => INTERVAL '180 days');
ALTER TABLE timeseries.rollups_1m SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'activity_id, device_id',
    timescaledb.compress_orderby = 'bucket');
SELECT add_compression_policy('timeseries.rollups_1m', compress_after => INTERVAL '2 days', schedule_interval => INTERVAL '6 hours');
INSERT INTO timeseries.rollups_10s
SELECT activity_id, device_id, date_bin(INTERVAL '10 seconds', t, timestamptz 'epoch'), count(*),
       coalesce(sum(hr), 0), count(hr), coalesce(sum(power), 0), count(power), coalesce(sum(cadence), 0), count(cadence),
       coalesce(sum(coalesce(speed_mms, round(speed::float8 * 1000)::integer)), 0), count(coalesce(speed_mms, speed)),
       max(coalesce(distance_dm, round(distance * 10)::bigint)),
       coalesce(sum(coalesce(alt_dm, round(alt::float8 * 10)::integer)), 0), count(coalesce(alt_dm, alt)),
       coalesce(sum(lat) FILTER (WHERE lon IS NOT NULL), 0), coalesce(sum(lon) FILTER (WHERE lat IS NOT NULL), 0),
       count(*) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL)
FROM timeseries.samples GROUP BY 1, 2, 3;
INSERT INTO timeseries.rollups_1m
SELECT activity_id, device_id, date_bin(INTERVAL '1 minute', t, timestamptz 'epoch'), count(*),
       coalesce(sum(hr), 0), count(hr), coalesce(sum(power), 0), count(power), coalesce(sum(cadence), 0), count(cadence),
       coalesce(sum(coalesce(speed_mms, round(speed::float8 * 1000)::integer)), 0), count(coalesce(speed_mms, speed)),
       max(coalesce(distance_dm, round(distance * 10)::bigint)),
       coalesce(sum(coalesce(alt_dm, round(alt::float8 * 10)::integer)), 0), count(coalesce(alt_dm, alt)),
       coalesce(sum(lat) FILTER (WHERE lon IS NOT NULL), 0), coalesce(sum(lon) FILTER (WHERE lat IS NOT NULL), 0),
       count(*) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL)
FROM timeseries.samples GROUP BY 1, 2, 3;
