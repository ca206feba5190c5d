-- Notification types an athlete muted: they are neither kept in the inbox nor pushed.
CREATE TABLE notifications.preferences (
    athlete_id uuid PRIMARY KEY,
    muted text[] NOT NULL
);
