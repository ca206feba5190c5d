-- What an activity's devices claimed that was not plausible, why, and where its data came from: its trust level.
-- An implausible activity keeps its data and its athlete sees why; it counts toward no challenge.
ALTER TABLE gamification.activity_progress ADD COLUMN rejected_m double precision NOT NULL DEFAULT 0;
ALTER TABLE gamification.activity_progress ADD COLUMN imported boolean NOT NULL DEFAULT false;
ALTER TABLE gamification.activity_progress ADD COLUMN sensor_recorded boolean NOT NULL DEFAULT false;
ALTER TABLE gamification.activity_progress ADD COLUMN implausible boolean NOT NULL DEFAULT false;
ALTER TABLE gamification.activity_progress ADD COLUMN reasons text[] NOT NULL DEFAULT '{}';
