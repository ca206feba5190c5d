-- Leaderboard pages are read in order from the index (the ranking's last key, athlete_id, included) instead of sorting
-- every participant: a page walks the index up to the caller's place, with no sort and no window over everyone.
CREATE INDEX challenge_participants_ranking_by_id ON gamification.challenge_participants (challenge_id, finished_at, amount DESC, athlete_id);
DROP INDEX gamification.challenge_participants_ranking;
