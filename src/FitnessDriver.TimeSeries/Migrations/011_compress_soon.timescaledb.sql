-- Compress soon after the day is over instead of after 30 days: one-day chunks, each compressed 6 hours after it ends.
-- Samples that arrive later (a phone syncing after days offline, an old file imported) still go in: TimescaleDB takes
-- them into the compressed chunk and the policy compresses them again on its next run.
SELECT set_chunk_time_interval('timeseries.samples', INTERVAL '1 day');
SELECT remove_compression_policy('timeseries.samples', if_exists => true);
SELECT add_compression_policy('timeseries.samples', compress_after => INTERVAL '6 hours', schedule_interval => INTERVAL '1 hour');
