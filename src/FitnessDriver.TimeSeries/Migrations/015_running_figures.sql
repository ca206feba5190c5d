-- Summary figures the writer keeps per device while its samples arrive after its latest stored one (see
-- RunningFigures): a one-device activity's summary is read from them instead of from its samples. Null once a sample
-- arrived late, and for devices stored before: those are computed from the samples.
ALTER TABLE timeseries.activity_devices ADD COLUMN running_figures bytea, ADD COLUMN running_position bytea;
