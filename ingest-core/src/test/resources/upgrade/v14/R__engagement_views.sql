-- Engagement views for analysts, dashboards (Grafana, Metabase) and `hotpapers trends`. A tweet counts with its
-- latest snapshot; a tweet gone (deleted, protected) no longer counts. Sums are numeric: they cannot overflow.
--
-- Repeatable: Flyway runs this file again whenever it changes, after the versioned migrations. A versioned
-- migration that must drop these views (to change a column they read) drops them, and this file creates them
-- again; change this file in the same commit so that databases already past it run it once more.

DROP VIEW IF EXISTS category_engagement_daily;
DROP VIEW IF EXISTS paper_engagement_latest;
DROP VIEW IF EXISTS paper_engagement_series;

-- Per paper: its current totals over the live original tweets linking it (the rollup of V7).
CREATE VIEW paper_engagement_latest AS
SELECT arxiv_id, retweets, likes, replies, quotes, retweets + likes AS score, tweets, unique_authors,
       last_snapshot_at
FROM paper_latest;

-- Per paper and hour (UTC) in which any of its tweets was captured: totals over its tweets at the end of that
-- hour, each tweet carried forward from its latest snapshot so far, so that a total never dips because one
-- tweet was not refreshed in that round.
CREATE VIEW paper_engagement_series AS
WITH rounds AS (
    SELECT DISTINCT tp.arxiv_id,
           date_trunc('hour', s.captured_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour
    FROM tweet_snapshots s
    JOIN tweet_papers tp USING (tweet_id)
)
SELECT r.arxiv_id,
       r.hour,
       sum(x.retweet_count)                         AS retweets,
       sum(x.like_count)                            AS likes,
       sum(x.reply_count)                           AS replies,
       sum(x.quote_count)                           AS quotes,
       sum(x.retweet_count::numeric + x.like_count) AS score,
       count(*)                                     AS tweets
FROM rounds r
JOIN tweet_papers tp ON tp.arxiv_id = r.arxiv_id
JOIN tweets t ON t.tweet_id = tp.tweet_id
JOIN LATERAL (
    SELECT s.retweet_count, s.like_count, s.reply_count, s.quote_count
    FROM tweet_snapshots s
    WHERE s.tweet_id = tp.tweet_id AND s.captured_at < r.hour + interval '1 hour'
    ORDER BY s.captured_at DESC
    LIMIT 1
) x ON true
WHERE t.gone_at IS NULL OR t.gone_at >= r.hour + interval '1 hour'
GROUP BY r.arxiv_id, r.hour;

-- Per category and mailing date (the rollup of V8); a category and day whose listings are all gone keeps a row
-- of zeros there, which this view leaves out.
CREATE VIEW category_engagement_daily AS
SELECT category, mailing_date, papers, tweeted_papers, retweets, likes, retweets + likes AS engagement
FROM category_day_latest
WHERE papers > 0;
