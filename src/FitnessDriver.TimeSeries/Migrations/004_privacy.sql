-- Activity names sealed with the athlete's data key; the plain column only holds names stored before.
ALTER TABLE timeseries.activities ADD COLUMN sealed_name bytea;

-- Positions are personal data that a track's shape gives away: they are kept sealed, a block per sample batch
-- (see PositionBlocks), and the lat/lon columns of samples stay empty unless sealing is switched off.
CREATE TABLE timeseries.positions (
    activity_id uuid NOT NULL,
    device_id text NOT NULL,
    first_t timestamptz NOT NULL,
    last_t timestamptz NOT NULL,
    athlete_id uuid NOT NULL,
    sealed bytea NOT NULL,
    PRIMARY KEY (activity_id, device_id, first_t, last_t)
);
CREATE INDEX positions_by_athlete ON timeseries.positions (athlete_id);

-- Athletes erased from this schema; consumers leave out any data of theirs that arrives later.
CREATE TABLE timeseries.erased_athletes (
    athlete_id uuid PRIMARY KEY,
    erased_at timestamptz NOT NULL,
    deleted jsonb
);

-- Whose devices: an erasure finds every activity with samples of the athlete here, even one whose start it has not read.
ALTER TABLE timeseries.activity_devices ADD COLUMN athlete_id uuid;
CREATE INDEX activity_devices_by_athlete ON timeseries.activity_devices (athlete_id);
