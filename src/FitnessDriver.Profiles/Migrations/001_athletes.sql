CREATE TABLE profiles.athletes (
    athlete_id uuid PRIMARY KEY,
    display_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
