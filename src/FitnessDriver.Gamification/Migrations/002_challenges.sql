CREATE TABLE gamification.challenges (
    challenge_id uuid PRIMARY KEY,
    name text NOT NULL,
    sport text NOT NULL,
    goal_distance_m double precision NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX challenges_by_end ON gamification.challenges (ends_at);

-- Distance counted for an athlete since joining (and inside the challenge's window); finished_at once the goal is reached.
CREATE TABLE gamification.challenge_participants (
    challenge_id uuid NOT NULL REFERENCES gamification.challenges,
    athlete_id uuid NOT NULL,
    joined_at timestamptz NOT NULL,
    distance_m double precision NOT NULL DEFAULT 0,
    finished_at timestamptz,
    PRIMARY KEY (challenge_id, athlete_id)
);
CREATE INDEX challenge_participants_by_athlete ON gamification.challenge_participants (athlete_id) WHERE finished_at IS NULL;
CREATE INDEX challenge_participants_ranking ON gamification.challenge_participants (challenge_id, finished_at, distance_m DESC);
