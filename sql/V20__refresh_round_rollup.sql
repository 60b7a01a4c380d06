-- A refresh round reads only what is due, whatever the length of the history. Before, it aggregated every
-- post-paper link against every listing and probed the snapshot history twice per post (29 s at 5M posts).
--
-- post_latest keeps the capture time and score (reposts + likes) of the snapshot before the latest, so a post's
-- movement needs no history. post_refresh holds one row per live post that links a listed paper: its source, the
-- first mailing date of its papers, its latest capture time ('-infinity' before the first) and movement. Its index
-- (source, first_mailing, captured_at) answers "posts of this mailing date captured before this instant" as one
-- index range per date of the active window, so a round reads the due posts only. The triggers that keep both are
-- in R__rollup_functions.sql; the rows are filled here once from what exists.

ALTER TABLE post_latest ADD COLUMN previous_captured_at timestamptz;
ALTER TABLE post_latest ADD COLUMN previous_score numeric;
COMMENT ON COLUMN post_latest.previous_captured_at IS 'capture time of the snapshot before the latest, or null';
COMMENT ON COLUMN post_latest.previous_score IS 'reposts + likes of the snapshot before the latest, or null';

UPDATE post_latest x
SET previous_captured_at = s.captured_at, previous_score = s.score
FROM (SELECT post_key, captured_at, reposts::numeric + likes AS score,
             row_number() OVER (PARTITION BY post_key ORDER BY captured_at DESC) AS position
      FROM post_snapshots) s
WHERE s.post_key = x.post_key AND s.position = 2;

CREATE TABLE post_refresh (
    post_key      bigint      PRIMARY KEY REFERENCES posts (post_key) ON DELETE CASCADE,
    source        text        NOT NULL,
    first_mailing date        NOT NULL,
    captured_at   timestamptz NOT NULL,
    movement      numeric     NOT NULL
);
COMMENT ON TABLE post_refresh IS 'live posts linking a listed paper, for the refresh round (kept by triggers)';
COMMENT ON COLUMN post_refresh.first_mailing IS 'first mailing date of the papers the post links';
COMMENT ON COLUMN post_refresh.captured_at IS 'latest snapshot''s capture time, -infinity before the first';
COMMENT ON COLUMN post_refresh.movement IS 'growth of reposts + likes between the last two snapshots (0 before)';
CREATE INDEX post_refresh_due_idx ON post_refresh (source, first_mailing, captured_at);

INSERT INTO post_refresh (post_key, source, first_mailing, captured_at, movement)
SELECT p.post_key, p.source, f.first_mailing, coalesce(x.captured_at, '-infinity'),
       coalesce(x.reposts::numeric + x.likes - x.previous_score, 0)
FROM posts p
JOIN (SELECT pp.post_key, min(l.mailing_date) AS first_mailing
      FROM post_papers pp JOIN listings l ON l.arxiv_id = pp.arxiv_id
      GROUP BY pp.post_key) f ON f.post_key = p.post_key
LEFT JOIN post_latest x ON x.post_key = p.post_key
WHERE p.gone_at IS NULL;

-- Which build's migrations the schema is at (a SHA-256 of their names and contents), written after each migration:
-- a later process of the same build checks it with one query instead of starting Flyway.
CREATE TABLE schema_fingerprint (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    fingerprint text        NOT NULL,
    version     text        NOT NULL,
    written_at  timestamptz NOT NULL
);
