-- The series of a paper (trends paper, the site's curves, digest --trend) at the default schedule's density read
-- every snapshot of every post of the paper (505 posts x 71 snapshots: 0.3-4 s). paper_source_hourly keeps, per
-- paper, source and hour (UTC), how the totals change in that hour, so a series is a running sum over one row per
-- hour: a post's first counted hour adds its counts and one post, a later hour the change since its previous
-- hour, the hour from which a gone post no longer counts (the first that does not end before it was gone)
-- subtracts what it had; captures counts the posts captured in that hour (a round when positive, gone posts too).
-- Posts of self-labelled bots are in no row. The triggers that keep it are in R__rollup_functions.sql
-- ("paper_source_hourly" part); the rows are filled here once from the existing snapshots.

CREATE TABLE paper_source_hourly (
    arxiv_id text        NOT NULL,
    source   text        NOT NULL,
    hour     timestamptz NOT NULL,
    captures integer     NOT NULL,
    reposts  numeric     NOT NULL,
    likes    numeric     NOT NULL,
    replies  numeric     NOT NULL,
    quotes   numeric     NOT NULL,
    posts    integer     NOT NULL,
    PRIMARY KEY (arxiv_id, source, hour)
);
COMMENT ON TABLE paper_source_hourly IS
    'per paper, source and UTC hour: change of the live posts'' totals and posts captured (kept by triggers)';

WITH hourly AS (
    SELECT DISTINCT ON (s.post_key, h.hour) s.post_key, h.hour, s.reposts, s.likes, s.replies, s.quotes, g.stops
    FROM post_snapshots s
    JOIN posts p ON p.post_key = s.post_key AND NOT p.automated
    CROSS JOIN LATERAL (SELECT date_trunc('hour', s.captured_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour) h
    CROSS JOIN LATERAL (SELECT date_trunc('hour', (p.gone_at - interval '1 hour') AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                               + interval '1 hour' AS stops) g
    ORDER BY s.post_key, h.hour, s.captured_at DESC
), counted AS (
    SELECT post_key, hour, stops, reposts, likes, replies, quotes,
           reposts - coalesce(lag(reposts) OVER post, 0) AS d_reposts,
           likes - coalesce(lag(likes) OVER post, 0) AS d_likes,
           replies - coalesce(lag(replies) OVER post, 0) AS d_replies,
           quotes - coalesce(lag(quotes) OVER post, 0) AS d_quotes,
           CASE WHEN lag(hour) OVER post IS NULL THEN 1 ELSE 0 END AS d_posts,
           row_number() OVER (PARTITION BY post_key ORDER BY hour DESC) AS from_last
    FROM hourly
    WHERE stops IS NULL OR hour < stops
    WINDOW post AS (PARTITION BY post_key ORDER BY hour)
), changes AS (
    SELECT post_key, hour, 0 AS captures, d_reposts AS reposts, d_likes AS likes, d_replies AS replies,
           d_quotes AS quotes, d_posts AS posts
    FROM counted
    UNION ALL
    SELECT post_key, hour, 1, 0, 0, 0, 0, 0 FROM hourly
    UNION ALL
    SELECT post_key, stops, 0, -reposts, -likes, -replies, -quotes, -1 FROM counted WHERE from_last = 1 AND stops IS NOT NULL
)
INSERT INTO paper_source_hourly (arxiv_id, source, hour, captures, reposts, likes, replies, quotes, posts)
SELECT pp.arxiv_id, p.source, c.hour, sum(c.captures), sum(c.reposts), sum(c.likes), sum(c.replies), sum(c.quotes),
       sum(c.posts)
FROM changes c
JOIN post_papers pp ON pp.post_key = c.post_key
JOIN posts p ON p.post_key = c.post_key
GROUP BY pp.arxiv_id, p.source, c.hour
HAVING sum(c.captures) <> 0 OR sum(c.reposts) <> 0 OR sum(c.likes) <> 0 OR sum(c.replies) <> 0
    OR sum(c.quotes) <> 0 OR sum(c.posts) <> 0;
