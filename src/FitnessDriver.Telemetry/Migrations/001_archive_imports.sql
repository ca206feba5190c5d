-- Archive imports: the job, the uploaded archive (sealed chunks, deleted when the job ends) and each entry's outcome.
CREATE TABLE telemetry.archive_imports (
    import_id uuid PRIMARY KEY,
    athlete_id uuid NOT NULL,
    status text NOT NULL,
    archive_bytes bigint NOT NULL DEFAULT 0,
    visibility text,
    files_total integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    lease_until timestamptz,
    error text
);
CREATE INDEX archive_imports_by_athlete ON telemetry.archive_imports (athlete_id, created_at DESC);
CREATE INDEX archive_imports_to_do ON telemetry.archive_imports (created_at) WHERE status IN ('queued', 'running', 'undoing');

CREATE TABLE telemetry.archive_chunks (
    import_id uuid NOT NULL,
    seq integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- first_t orders the activity files so history is counted in time order; created_ids are what an undo deletes.
CREATE TABLE telemetry.archive_files (
    import_id uuid NOT NULL,
    entry text NOT NULL,
    status text NOT NULL,
    first_t bigint,
    reason text,
    activity_ids uuid[] NOT NULL DEFAULT '{}',
    created_ids uuid[] NOT NULL DEFAULT '{}',
    samples integer NOT NULL DEFAULT 0,
    PRIMARY KEY (import_id, entry)
);

-- Athletes erased from this schema; a job of theirs still running stops.
CREATE TABLE telemetry.erased_athletes (
    athlete_id uuid PRIMARY KEY,
    erased_at timestamptz NOT NULL,
    deleted jsonb
);
