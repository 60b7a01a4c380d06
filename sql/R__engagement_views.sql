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
DROP VIEW IF EXISTS paper_engagement_changes;
DROP VIEW IF EXISTS post_hourly_snapshots;

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

-- The series views below read every post of a paper once. post_hourly_snapshots: each post's last snapshot in
-- each hour (UTC) it was captured, per paper it links, with the hour from which a gone post no longer counts (the
-- first hour that does not end before it was gone). paper_engagement_changes: per paper, source and hour, how the
-- totals change (a post's first hour adds its counts and one post, a later hour the change since its previous
-- one, the hour it stops counting subtracts what it had); round marks the hours in which a post was captured.
-- Probing every post's history at every round instead took 4 s for a 500-post paper at the default schedule.
-- (stops is among the DISTINCT ON keys, though one per post, so that a filter on it reaches the posts table: the
-- gone posts' branches below then read only gone posts.)
CREATE VIEW post_hourly_snapshots AS
SELECT DISTINCT ON (pp.arxiv_id, s.post_key, h.hour, stops)
       pp.arxiv_id, p.source, s.post_key, h.hour, s.reposts, s.likes, s.replies, s.quotes, g.stops
FROM post_snapshots s
JOIN post_papers pp ON pp.post_key = s.post_key
JOIN posts p ON p.post_key = s.post_key
CROSS JOIN LATERAL (SELECT date_trunc('hour', s.captured_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour) h
CROSS JOIN LATERAL (SELECT date_trunc('hour', p.gone_at - interval '1 hour') + interval '1 hour' AS stops) g
WHERE NOT p.automated
ORDER BY pp.arxiv_id, s.post_key, h.hour, g.stops, s.captured_at DESC;

CREATE VIEW paper_engagement_changes AS
SELECT arxiv_id, source, hour, true AS round,
       reposts - coalesce(lag(reposts) OVER post, 0) AS reposts,
       likes - coalesce(lag(likes) OVER post, 0) AS likes,
       replies - coalesce(lag(replies) OVER post, 0) AS replies,
       quotes - coalesce(lag(quotes) OVER post, 0) AS quotes,
       CASE WHEN lag(hour) OVER post IS NULL THEN 1 ELSE 0 END AS posts
FROM post_hourly_snapshots
WHERE stops IS NULL OR hour < stops
WINDOW post AS (PARTITION BY arxiv_id, post_key ORDER BY hour)
UNION ALL
-- a gone post's captures after it stopped counting still make rounds
SELECT arxiv_id, source, hour, true, 0, 0, 0, 0, 0 FROM post_hourly_snapshots WHERE hour >= stops
UNION ALL
SELECT arxiv_id, source, stops, false, -reposts, -likes, -replies, -quotes, -1
FROM (SELECT DISTINCT ON (arxiv_id, post_key) arxiv_id, source, stops, reposts, likes, replies, quotes
      FROM post_hourly_snapshots
      WHERE hour < stops
      ORDER BY arxiv_id, post_key, hour DESC) last_counted;

-- Per paper and hour (UTC) in which any of its posts was captured: totals over its posts at the end of that
-- hour, each post carried forward from its latest snapshot so far, so that a total never dips because one
-- post was not refreshed in that round. A gone post counts in the hours that end before it was gone.
CREATE VIEW paper_engagement_series AS
SELECT DISTINCT ON (arxiv_id, hour)
       arxiv_id, hour, retweets, likes, replies, quotes, retweets::numeric + likes AS score, tweets
FROM (SELECT arxiv_id, hour, round,
             sum(reposts) OVER upto AS retweets, sum(likes) OVER upto AS likes,
             sum(replies) OVER upto AS replies, sum(quotes) OVER upto AS quotes, sum(posts) OVER upto AS tweets
      FROM paper_engagement_changes
      WINDOW upto AS (PARTITION BY arxiv_id ORDER BY hour RANGE UNBOUNDED PRECEDING)) totals
WHERE round AND tweets > 0
ORDER BY arxiv_id, hour;

-- Per paper, source and hour (UTC) in which any post of that source linking it was captured: the source's totals
-- at the end of that hour, each post carried forward as above.
CREATE VIEW paper_source_engagement_series AS
SELECT DISTINCT ON (arxiv_id, source, hour)
       arxiv_id, source, hour, reposts, likes, replies, quotes, reposts + likes AS score, posts
FROM (SELECT arxiv_id, source, hour, round,
             sum(reposts) OVER upto AS reposts, sum(likes) OVER upto AS likes,
             sum(replies) OVER upto AS replies, sum(quotes) OVER upto AS quotes, sum(posts) OVER upto AS posts
      FROM paper_engagement_changes
      WINDOW upto AS (PARTITION BY arxiv_id, source ORDER BY hour RANGE UNBOUNDED PRECEDING)) totals
WHERE round AND posts > 0
ORDER BY arxiv_id, source, hour;

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
