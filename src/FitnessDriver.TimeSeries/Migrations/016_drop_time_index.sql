-- TimescaleDB gives a hypertable an index on its time column (samples_t_idx) unless one leads with it already; every
-- query of the samples names an activity, which the primary key leads with, and chunks go by their time range. The
-- index was a second B-tree insert per sample for nothing. Natively partitioned samples never had it.
DROP INDEX IF EXISTS timeseries.samples_t_idx;
