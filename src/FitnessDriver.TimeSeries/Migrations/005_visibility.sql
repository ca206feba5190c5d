-- Who besides the athlete may see an activity: everyone, followers or only-me.
ALTER TABLE timeseries.activities ADD COLUMN visibility text NOT NULL DEFAULT 'everyone';
