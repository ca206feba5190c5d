-- Whether following an athlete needs their approval. Absent means public.
CREATE TABLE social.settings (
    athlete_id uuid PRIMARY KEY,
    private_profile boolean NOT NULL
);

-- Who follows whom; a follow of a private profile waits, not accepted, until its athlete accepts it.
CREATE TABLE social.follows (
    follower uuid NOT NULL,
    followee uuid NOT NULL,
    accepted boolean NOT NULL,
    since timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (follower, followee)
);
CREATE INDEX follows_by_followee ON social.follows (followee, accepted, since);

-- A blocked athlete sees nothing of the blocker, and neither can follow the other.
CREATE TABLE social.blocks (
    blocker uuid NOT NULL,
    blocked uuid NOT NULL,
    since timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (blocker, blocked)
);
CREATE INDEX blocks_by_blocked ON social.blocks (blocked);

CREATE TABLE social.clubs (
    club_id uuid PRIMARY KEY,
    name text NOT NULL,
    description text,
    access text NOT NULL CHECK (access IN ('public', 'invite-only')),
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    members bigint NOT NULL DEFAULT 0
);

CREATE TABLE social.club_members (
    club_id uuid NOT NULL REFERENCES social.clubs ON DELETE CASCADE,
    athlete_id uuid NOT NULL,
    role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    since timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (club_id, athlete_id)
);
CREATE INDEX club_members_by_athlete ON social.club_members (athlete_id);
CREATE INDEX club_members_by_since ON social.club_members (club_id, since, athlete_id);

CREATE TABLE social.club_invites (
    club_id uuid NOT NULL REFERENCES social.clubs ON DELETE CASCADE,
    athlete_id uuid NOT NULL,
    invited_by uuid NOT NULL,
    since timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (club_id, athlete_id)
);

-- Activities as the lifecycle topic tells them, with what the sample batches add up to per device.
CREATE TABLE social.activities (
    activity_id uuid PRIMARY KEY,
    athlete_id uuid NOT NULL,
    sport text NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz,
    visibility text NOT NULL,
    merged_into uuid
);
CREATE INDEX activities_by_athlete ON social.activities (athlete_id, started_at);
CREATE INDEX activities_by_merge ON social.activities (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE social.tallies (
    activity_id uuid NOT NULL,
    device_id text NOT NULL,
    athlete_id uuid NOT NULL,
    first_t bigint NOT NULL,
    last_t bigint NOT NULL,
    distance_m double precision NOT NULL,
    moving_s double precision NOT NULL,
    last_distance double precision,
    -- The latest position, to measure the next step from: sealed with the athlete's data key, as positions are everywhere.
    last_position bytea,
    PRIMARY KEY (activity_id, device_id)
);

-- The feed: an item per thing done, and an entry for it in each channel that carries it (the athlete's own, and each
-- club the athlete was in when it happened). A reader's feed merges the channels they follow: fan-out on read over
-- channels, so an athlete with many followers or a huge club costs one or a few rows a thing, never one a reader.
CREATE TABLE social.feed_items (
    item_id uuid PRIMARY KEY,
    athlete_id uuid NOT NULL,
    type text NOT NULL,
    occurred_at timestamptz NOT NULL,
    activity_id uuid,
    details jsonb NOT NULL
);
CREATE INDEX feed_items_by_activity ON social.feed_items (activity_id) WHERE activity_id IS NOT NULL;
CREATE INDEX feed_items_by_athlete ON social.feed_items (athlete_id);

CREATE TABLE social.feed_entries (
    channel uuid NOT NULL,
    occurred_at timestamptz NOT NULL,
    item_id uuid NOT NULL REFERENCES social.feed_items ON DELETE CASCADE,
    PRIMARY KEY (channel, occurred_at, item_id)
);
CREATE INDEX feed_entries_by_item ON social.feed_entries (item_id);

CREATE TABLE social.kudos (
    item_id uuid NOT NULL REFERENCES social.feed_items ON DELETE CASCADE,
    athlete_id uuid NOT NULL,
    given_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, athlete_id)
);
CREATE INDEX kudos_by_athlete ON social.kudos (athlete_id);

-- Comment text is sealed with its writer's data key.
CREATE TABLE social.comments (
    comment_id uuid PRIMARY KEY,
    item_id uuid NOT NULL REFERENCES social.feed_items ON DELETE CASCADE,
    athlete_id uuid NOT NULL,
    sealed_text bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_by_item ON social.comments (item_id, created_at);
CREATE INDEX comments_by_athlete ON social.comments (athlete_id);

CREATE TABLE social.reports (
    comment_id uuid NOT NULL REFERENCES social.comments ON DELETE CASCADE,
    reporter uuid NOT NULL,
    reason text NOT NULL,
    reported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (comment_id, reporter)
);

-- Notices to publish to social.notices, written in the same transaction as what caused them (transactional outbox).
CREATE TABLE social.outbox (
    seq bigserial PRIMARY KEY,
    athlete_id uuid NOT NULL,
    achievement jsonb NOT NULL
);

CREATE TABLE social.erased_athletes (
    athlete_id uuid PRIMARY KEY,
    erased_at timestamptz NOT NULL,
    deleted jsonb
);

CREATE TABLE social.deleted_activities (
    activity_id uuid PRIMARY KEY,
    athlete_id uuid NOT NULL,
    deleted_at timestamptz NOT NULL
);
CREATE INDEX deleted_activities_by_athlete ON social.deleted_activities (athlete_id);

-- Whether viewer may see a thing of author's with this visibility: never across a block; a private profile's things only
-- by its followers; followers-only things by followers.
CREATE FUNCTION social.may_see(viewer uuid, author uuid, visibility text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT viewer = author OR (
        NOT EXISTS (SELECT 1 FROM social.blocks b WHERE (b.blocker = author AND b.blocked = viewer) OR (b.blocker = viewer AND b.blocked = author))
        AND CASE visibility
            WHEN 'everyone' THEN NOT coalesce((SELECT s.private_profile FROM social.settings s WHERE s.athlete_id = author), false)
                OR EXISTS (SELECT 1 FROM social.follows f WHERE f.follower = viewer AND f.followee = author AND f.accepted)
            WHEN 'followers' THEN EXISTS (SELECT 1 FROM social.follows f WHERE f.follower = viewer AND f.followee = author AND f.accepted)
            ELSE false
        END)
$$;
