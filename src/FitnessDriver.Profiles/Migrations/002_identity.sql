-- Keys that sign access tokens (ES256). Only Profiles holds the private halves; the public ones go to every service
-- through the identity topic and to clients at /.well-known/jwks.json.
CREATE TABLE profiles.signing_keys (
    kid text PRIMARY KEY,
    private_key bytea NOT NULL,
    public_jwk text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    signs_from timestamptz NOT NULL,
    signs_until timestamptz NOT NULL,
    valid_until timestamptz NOT NULL
);

-- A credential an athlete controls, to sign in from a new phone: a username and a PBKDF2 password hash.
CREATE TABLE profiles.credentials (
    athlete_id uuid PRIMARY KEY REFERENCES profiles.athletes ON DELETE CASCADE,
    username text NOT NULL,
    username_key text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A session is one sign-in and every token refreshed from it (a refresh token family).
CREATE TABLE profiles.sessions (
    session_id uuid PRIMARY KEY,
    athlete_id uuid NOT NULL REFERENCES profiles.athletes ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    revoked_reason text
);
CREATE INDEX sessions_by_athlete ON profiles.sessions (athlete_id);

-- Refresh tokens by the SHA-256 of their value; each may be used once.
CREATE TABLE profiles.refresh_tokens (
    token_hash bytea PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES profiles.sessions ON DELETE CASCADE,
    issued_at timestamptz NOT NULL DEFAULT now(),
    used_at timestamptz
);
CREATE INDEX refresh_tokens_by_session ON profiles.refresh_tokens (session_id);
