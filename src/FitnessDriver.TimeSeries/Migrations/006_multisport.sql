-- The legs of a multisport event (a triathlon's swim, ride and run) share its id.
ALTER TABLE timeseries.activities ADD COLUMN multisport_id uuid;
CREATE INDEX activities_by_multisport ON timeseries.activities (multisport_id) WHERE multisport_id IS NOT NULL;
