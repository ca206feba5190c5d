-- Each device's latest stored sample time: a sample after it cannot repeat a stored one, so it is copied straight into
-- samples; only samples at or before it go through the staging table and ON CONFLICT.
ALTER TABLE timeseries.activity_devices ADD COLUMN last_t timestamptz;
UPDATE timeseries.activity_devices d SET last_t = (
    SELECT max(s.t) FROM timeseries.samples s WHERE s.activity_id = d.activity_id AND s.device_id = d.device_id);
