-- Pushed-only notices (live group standings) too large for a notification payload wait here for the replica that
-- holds the athlete's WebSocket to read them by seq; they are deleted a minute later.
CREATE TABLE notifications.live_pushes (
    seq bigserial PRIMARY KEY,
    athlete_id uuid NOT NULL,
    item jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_pushes_by_time ON notifications.live_pushes (created_at);
CREATE INDEX live_pushes_by_athlete ON notifications.live_pushes (athlete_id);
