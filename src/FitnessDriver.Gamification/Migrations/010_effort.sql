-- Effort XP: points from time in heart-rate (or power) zones as an activity streams in, the effort XP already paid,
-- the last sample that counted, and the device whose heart rate and power count.
ALTER TABLE gamification.activity_progress ADD COLUMN effort_points double precision NOT NULL DEFAULT 0;
ALTER TABLE gamification.activity_progress ADD COLUMN effort_xp integer NOT NULL DEFAULT 0;
ALTER TABLE gamification.activity_progress ADD COLUMN effort_t bigint;
ALTER TABLE gamification.activity_progress ADD COLUMN effort_device text;

-- Each athlete's zones: a maximum heart rate and a threshold power they set, and the highest heart rate they held.
CREATE TABLE gamification.athlete_zones (
    athlete_id uuid PRIMARY KEY,
    max_hr integer,
    ftp_watts integer,
    observed_max_hr integer
);
