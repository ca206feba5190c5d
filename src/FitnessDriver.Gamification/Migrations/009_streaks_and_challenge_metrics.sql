-- Challenges measure one of: distance (m), moving time (s), elevation gain (m) or active days. The goal and each
-- participant's amount are in that unit.
ALTER TABLE gamification.challenges RENAME COLUMN goal_distance_m TO goal;
ALTER TABLE gamification.challenges ADD COLUMN metric text NOT NULL DEFAULT 'distance';
ALTER TABLE gamification.challenge_participants RENAME COLUMN distance_m TO amount;
ALTER TABLE gamification.challenge_contributions RENAME COLUMN distance_m TO amount;

-- Moving time and elevation gain as an activity streams in: the time and distance of its last sample, and the
-- altitude reference of the one device whose altitude counts.
ALTER TABLE gamification.activity_progress ADD COLUMN moving_ms bigint NOT NULL DEFAULT 0;
ALTER TABLE gamification.activity_progress ADD COLUMN elevation_gain_m double precision NOT NULL DEFAULT 0;
ALTER TABLE gamification.activity_progress ADD COLUMN last_t bigint;
ALTER TABLE gamification.activity_progress ADD COLUMN distance_at_last_t double precision NOT NULL DEFAULT 0;
ALTER TABLE gamification.activity_progress ADD COLUMN altitude_device text;
ALTER TABLE gamification.activity_progress ADD COLUMN altitude_anchor_m double precision;
ALTER TABLE gamification.activity_progress ADD COLUMN altitude_t bigint;

-- Each athlete's time zone (days and weeks are theirs) and weekly goal.
CREATE TABLE gamification.game_settings (
    athlete_id uuid PRIMARY KEY,
    time_zone text NOT NULL,
    weekly_goal_metric text,
    weekly_goal double precision
);

-- What each activity added to each day of its athlete, in the athlete's time zone: streaks, weekly goals and
-- active-days challenges are read from here.
CREATE TABLE gamification.daily_activity (
    athlete_id uuid NOT NULL,
    day date NOT NULL,
    activity_id uuid NOT NULL,
    distance_m double precision NOT NULL DEFAULT 0,
    moving_ms bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (athlete_id, day, activity_id)
);
CREATE INDEX daily_activity_of_activity ON gamification.daily_activity (activity_id);
CREATE INDEX daily_activity_by_day ON gamification.daily_activity (day);
