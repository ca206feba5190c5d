-- Speed, distance and altitude as integers (mm/s, dm, dm: the precision the API answers them in): compressed chunks keep
-- integers as small second differences, where floating-point values cost several bytes each. Rows written before keep
-- their values in speed, distance and alt (the new columns are null there); reads take whichever is set.
ALTER TABLE timeseries.samples ADD COLUMN speed_mms integer;
ALTER TABLE timeseries.samples ADD COLUMN distance_dm bigint;
ALTER TABLE timeseries.samples ADD COLUMN alt_dm integer;
