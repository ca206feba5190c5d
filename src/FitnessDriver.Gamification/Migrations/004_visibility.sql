-- Only activities visible to everyone count toward challenges. The visibility of each activity, from its batches and
-- from the lifecycle topic (a change of visibility arrives there).
CREATE TABLE gamification.activity_visibility (
    activity_id uuid PRIMARY KEY,
    athlete_id uuid NOT NULL,
    visibility text NOT NULL
);
CREATE INDEX activity_visibility_by_athlete ON gamification.activity_visibility (athlete_id);

-- What each activity brought to a challenge, counted or not, so that a change of visibility adds or withdraws it.
CREATE TABLE gamification.challenge_contributions (
    challenge_id uuid NOT NULL,
    athlete_id uuid NOT NULL,
    activity_id uuid NOT NULL,
    distance_m double precision NOT NULL,
    counted boolean NOT NULL,
    PRIMARY KEY (challenge_id, athlete_id, activity_id)
);
CREATE INDEX challenge_contributions_of_activity ON gamification.challenge_contributions (activity_id);
CREATE INDEX challenge_contributions_of_athlete ON gamification.challenge_contributions (athlete_id);
