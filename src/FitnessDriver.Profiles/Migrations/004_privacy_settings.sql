-- Privacy zones and how much of each track's start and end to hide, sealed with the athlete's data key (a zone is
-- usually where the athlete lives).
ALTER TABLE profiles.athletes ADD COLUMN sealed_privacy bytea;
