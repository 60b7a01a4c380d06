-- Bluesky (issue 16). Posts by accounts that label themselves as bots (Bluesky's self-label "bot") are stored and
-- flagged: the rollups paper_source_latest and paper_latest (and so category_day_latest and the views) count only
-- the other posts, and the flagged ones roll up apart, in paper_source_automated_latest, which `hotpapers trends`
-- shows separately and the digest adds only when BLUESKY_COUNT_BOTS=true. No X post is ever flagged, so X's
-- rollups are unchanged. A post's content id (a Bluesky cid, the hash of the record version) is kept for Bluesky's
-- embed markup, which names it.

ALTER TABLE posts ADD COLUMN automated boolean NOT NULL DEFAULT false;
ALTER TABLE posts ADD COLUMN content_id text;
ALTER TABLE posts ADD CONSTRAINT posts_content_id_length CHECK (length(content_id) <= 200);
COMMENT ON COLUMN posts.automated IS 'the author labels the account as a bot: rolled up apart, not scored by default';
COMMENT ON COLUMN posts.content_id IS 'the source''s hash of the post version (Bluesky cid), for embeds; or null';

-- per paper and source: the totals of the live flagged posts (the trigger functions in R__rollup_functions.sql
-- keep it, beside paper_source_latest)
CREATE TABLE paper_source_automated_latest (
    arxiv_id         text        NOT NULL,
    source           text        NOT NULL,
    reposts          numeric     NOT NULL,
    likes            numeric     NOT NULL,
    replies          numeric     NOT NULL,
    quotes           numeric     NOT NULL,
    posts            bigint      NOT NULL,
    unique_authors   bigint      NOT NULL,
    last_snapshot_at timestamptz NOT NULL,
    PRIMARY KEY (arxiv_id, source)
);
