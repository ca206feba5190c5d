-- As with the samples (016): TimescaleDB gave each rollup hypertable an index on its bucket alone. Every query of the
-- rollups names an activity, which their primary key leads with, and chunks go by their time range; the index was a
-- second B-tree insert for every rollup row the writer adds. The rollups of plain PostgreSQL never had it.
DROP INDEX IF EXISTS timeseries.rollups_10s_bucket_idx;
DROP INDEX IF EXISTS timeseries.rollups_1m_bucket_idx;
