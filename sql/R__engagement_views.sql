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

-- The series views are running sums over paper_source_hourly (V25, kept by triggers): per paper, source and hour,
-- how the totals change (a post's first hour adds its counts and one post, a later hour the change since its
-- previous one, the hour from which a gone post stops counting subtracts what it had) and how many posts were
-- captured (a round). A 500-post paper at the default schedule is about 71 rows, where reading its posts'
-- snapshots took 0.3-4 s. (post_hourly_snapshots and paper_engagement_changes, the views that computed the same
-- from the snapshots when read, are dropped above.)

-- Per paper and hour (UTC) in which any of its posts was captured: totals over its posts at the end of that
-- hour, each post carried forward from its latest snapshot so far, so that a total never dips because one
-- post was not refreshed in that round. A gone post counts in the hours that end before it was gone.
CREATE VIEW paper_engagement_series AS
SELECT arxiv_id, hour, retweets, likes, replies, quotes, retweets + likes AS score, tweets
FROM (SELECT arxiv_id, hour, captures,
             sum(reposts) OVER upto AS retweets, sum(likes) OVER upto AS likes,
             sum(replies) OVER upto AS replies, sum(quotes) OVER upto AS quotes, sum(posts) OVER upto AS tweets
      FROM (SELECT arxiv_id, hour, sum(captures) AS captures, sum(reposts) AS reposts, sum(likes) AS likes,
                   sum(replies) AS replies, sum(quotes) AS quotes, sum(posts)::integer AS posts
            FROM paper_source_hourly
            GROUP BY arxiv_id, hour) per_hour
      WINDOW upto AS (PARTITION BY arxiv_id ORDER BY hour)) totals
WHERE captures > 0 AND tweets > 0;

-- Per paper, source and hour (UTC) in which any post of that source linking it was captured: the source's totals
-- at the end of that hour, each post carried forward as above.
CREATE VIEW paper_source_engagement_series AS
SELECT arxiv_id, source, hour, reposts, likes, replies, quotes, reposts + likes AS score, posts
FROM (SELECT arxiv_id, source, hour, captures,
             sum(reposts) OVER upto AS reposts, sum(likes) OVER upto AS likes,
             sum(replies) OVER upto AS replies, sum(quotes) OVER upto AS quotes, sum(posts) OVER upto AS posts
      FROM paper_source_hourly
      WINDOW upto AS (PARTITION BY arxiv_id, source ORDER BY hour)) totals
WHERE captures > 0 AND posts > 0;

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
