-- No query reads samples by athlete (erasure deletes by activity), yet the index took a fifth of the table's space and
-- a write per sample. Dropping it on the parent drops it on every partition or chunk.
DROP INDEX IF EXISTS timeseries.samples_by_athlete;
