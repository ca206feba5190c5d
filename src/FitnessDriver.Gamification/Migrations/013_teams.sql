-- Team challenges: athletes join as a team, an ad-hoc one named on the challenge (names unique on it) or a club's (one per club);
-- an athlete is on one team per challenge. A team's amount is the sum of its members' counted amounts.
ALTER TABLE gamification.challenges ADD COLUMN teams boolean NOT NULL DEFAULT false;

CREATE TABLE gamification.challenge_teams (
    team_id uuid PRIMARY KEY,
    challenge_id uuid NOT NULL REFERENCES gamification.challenges,
    name text NOT NULL,
    club_id uuid,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX challenge_teams_by_name ON gamification.challenge_teams (challenge_id, lower(name)) WHERE club_id IS NULL;
CREATE UNIQUE INDEX challenge_teams_by_club ON gamification.challenge_teams (challenge_id, club_id) WHERE club_id IS NOT NULL;

ALTER TABLE gamification.challenge_participants ADD COLUMN team_id uuid REFERENCES gamification.challenge_teams;
CREATE INDEX challenge_participants_by_team ON gamification.challenge_participants (team_id) WHERE team_id IS NOT NULL;
