-- Native partitions are not compressed: nothing to change (with TimescaleDB, chunks are compressed soon after each day).
SELECT 1;
