-- A device's distance channel as it reported it (the credited distance stays in channel_distance_m), what it
-- claimed that was not plausible, and what the channel and the GPS track may still credit at once. Tracks stored before carry on from their credited distance.
ALTER TABLE gamification.device_tracks ADD COLUMN channel_raw_m double precision;
ALTER TABLE gamification.device_tracks ADD COLUMN channel_t bigint;
ALTER TABLE gamification.device_tracks ADD COLUMN rejected_m double precision NOT NULL DEFAULT 0;
ALTER TABLE gamification.device_tracks ADD COLUMN channel_budget_m double precision NOT NULL DEFAULT 100;
ALTER TABLE gamification.device_tracks ADD COLUMN gps_budget_m double precision NOT NULL DEFAULT 100;
UPDATE gamification.device_tracks SET channel_raw_m = channel_distance_m, channel_t = last_t WHERE channel_distance_m IS NOT NULL;

-- The publisher takes a few achievements of each athlete at a time, so one athlete's flood never delays the others.
CREATE INDEX outbox_by_athlete ON gamification.outbox (athlete_id, seq);
