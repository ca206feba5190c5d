-- One row per achievement (unique id), kept so a phone that was offline gets what it missed.
CREATE TABLE notifications.inbox (
    seq bigserial PRIMARY KEY,
    id uuid NOT NULL UNIQUE,
    athlete_id uuid NOT NULL,
    type text NOT NULL,
    occurred_at timestamptz NOT NULL,
    payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inbox_by_athlete ON notifications.inbox (athlete_id, seq);
