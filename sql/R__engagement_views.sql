-- Engagement views for analysts, dashboards (Grafana, Metabase) and `hotpapers trends`. A post counts with its
-- latest snapshot; a post gone (deleted, hidden) no longer counts. Sums are numeric: they cannot overflow. The
-- columns keep the names of the X-only releases (retweets = reposts, tweets = posts) so that dashboards keep
-- working; score and engagement are unweighted (reposts + likes over every source). Each view has a per-source
-- twin with a source column (paper_source_engagement_latest, paper_source_engagement_series,
-- category_source_engagement_daily) whose rows of one paper (or category and day) add up to the total row. Posts of
-- self-labelled bots (posts.automated, V16) count in none of them: paper_source_automated_latest holds their totals.
--
-- Repeatable: Flyway runs this file again whenever it changes, after the versioned migrations. A versioned
-- migration that must drop these views (to change a column they read) drops them, and this file creates them
-- again; change this file in the same commit so that databases already past it run it once more.

DROP VIEW IF EXISTS category_engagement_daily;
DROP VIEW IF EXISTS paper_engagement_latest;
DROP VIEW IF EXISTS paper_engagement_series;
DROP VIEW IF EXISTS paper_source_engagement_latest;
DROP VIEW IF EXISTS paper_source_engagement_series;
DROP VIEW IF EXISTS category_source_engagement_daily;

-- Per paper: its current totals over the live original posts of every source linking it (the rollup of V7).
CREATE VIEW paper_engagement_latest AS
SELECT arxiv_id, reposts AS retweets, likes, replies, quotes, reposts + likes AS score, posts AS tweets,
       unique_authors, last_snapshot_at
FROM paper_latest;

-- Per paper and source: its current totals over the live posts of that source (the rollup of V15).
CREATE VIEW paper_source_engagement_latest AS
SELECT arxiv_id, source, reposts, likes, replies, quotes, reposts + likes AS score, posts, unique_authors,
       last_snapshot_at
FROM paper_source_latest;

-- Per paper and hour (UTC) in which any of its posts was captured: totals over its posts at the end of that
-- hour, each post carried forward from its latest snapshot so far, so that a total never dips because one
-- post was not refreshed in that round.
CREATE VIEW paper_engagement_series AS
WITH rounds AS (
    SELECT DISTINCT pp.arxiv_id,
           date_trunc('hour', s.captured_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour
    FROM post_snapshots s
    JOIN post_papers pp USING (post_key)
)
SELECT r.arxiv_id,
       r.hour,
       sum(x.reposts)                    AS retweets,
       sum(x.likes)                      AS likes,
       sum(x.replies)                    AS replies,
       sum(x.quotes)                     AS quotes,
       sum(x.reposts::numeric + x.likes) AS score,
       count(*)                          AS tweets
FROM rounds r
JOIN post_papers pp ON pp.arxiv_id = r.arxiv_id
JOIN posts p ON p.post_key = pp.post_key
JOIN LATERAL (
    SELECT s.reposts, s.likes, s.replies, s.quotes
    FROM post_snapshots s
    WHERE s.post_key = pp.post_key AND s.captured_at < r.hour + interval '1 hour'
    ORDER BY s.captured_at DESC
    LIMIT 1
) x ON true
WHERE (p.gone_at IS NULL OR p.gone_at >= r.hour + interval '1 hour') AND NOT p.automated
GROUP BY r.arxiv_id, r.hour;

-- Per paper, source and hour (UTC) in which any post of that source linking it was captured: the source's totals
-- at the end of that hour, each post carried forward as above.
CREATE VIEW paper_source_engagement_series AS
WITH rounds AS (
    SELECT DISTINCT pp.arxiv_id, p.source,
           date_trunc('hour', s.captured_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour
    FROM post_snapshots s
    JOIN post_papers pp USING (post_key)
    JOIN posts p USING (post_key)
)
SELECT r.arxiv_id,
       r.source,
       r.hour,
       sum(x.reposts)                    AS reposts,
       sum(x.likes)                      AS likes,
       sum(x.replies)                    AS replies,
       sum(x.quotes)                     AS quotes,
       sum(x.reposts::numeric + x.likes) AS score,
       count(*)                          AS posts
FROM rounds r
JOIN post_papers pp ON pp.arxiv_id = r.arxiv_id
JOIN posts p ON p.post_key = pp.post_key AND p.source = r.source
JOIN LATERAL (
    SELECT s.reposts, s.likes, s.replies, s.quotes
    FROM post_snapshots s
    WHERE s.post_key = pp.post_key AND s.captured_at < r.hour + interval '1 hour'
    ORDER BY s.captured_at DESC
    LIMIT 1
) x ON true
WHERE (p.gone_at IS NULL OR p.gone_at >= r.hour + interval '1 hour') AND NOT p.automated
GROUP BY r.arxiv_id, r.source, r.hour;

-- Per category, mailing date and source: the listed papers with engagement from that source and its totals.
-- Not a rollup: it joins the listings with paper_source_latest when read, so filter it by mailing_date (a month
-- of listings joins in milliseconds; the whole history takes longer).
CREATE VIEW category_source_engagement_daily AS
SELECT l.category, l.mailing_date, ps.source, count(*) AS posted_papers, sum(ps.reposts) AS reposts,
       sum(ps.likes) AS likes, sum(ps.reposts::numeric + ps.likes) AS engagement
FROM listings l
JOIN paper_source_latest ps USING (arxiv_id)
GROUP BY l.category, l.mailing_date, ps.source;

-- Per category and mailing date (the rollup of V8); a category and day whose listings are all gone keeps a row
-- of zeros there, which this view leaves out.
CREATE VIEW category_engagement_daily AS
SELECT category, mailing_date, papers, posted_papers AS tweeted_papers, reposts AS retweets, likes,
       reposts + likes AS engagement
FROM category_day_latest
WHERE papers > 0;
