-- Engagement views for analysts, dashboards (Grafana, Metabase) and `hotpapers trends`.
-- Counts of a tweet come from its latest snapshot; a tweet gone (deleted, protected) no longer counts.

-- Per paper: its current totals over the original tweets linking it.
CREATE VIEW paper_engagement_latest AS
WITH latest AS (
    SELECT DISTINCT ON (s.tweet_id) s.tweet_id, s.captured_at, s.retweet_count, s.like_count, s.reply_count,
           s.quote_count
    FROM tweet_snapshots s
    ORDER BY s.tweet_id, s.captured_at DESC
)
SELECT tp.arxiv_id,
       sum(l.retweet_count)::bigint                  AS retweets,
       sum(l.like_count)::bigint                     AS likes,
       sum(l.reply_count)::bigint                    AS replies,
       sum(l.quote_count)::bigint                    AS quotes,
       sum(l.retweet_count + l.like_count)::bigint   AS score,
       count(*)                                      AS tweets,
       count(DISTINCT t.author_id)                   AS unique_authors,
       max(l.captured_at)                            AS last_snapshot_at
FROM tweet_papers tp
JOIN tweets t USING (tweet_id)
JOIN latest l USING (tweet_id)
WHERE t.gone_at IS NULL
GROUP BY tp.arxiv_id;

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
       sum(x.retweet_count)::bigint                 AS retweets,
       sum(x.like_count)::bigint                    AS likes,
       sum(x.reply_count)::bigint                   AS replies,
       sum(x.quote_count)::bigint                   AS quotes,
       sum(x.retweet_count + x.like_count)::bigint  AS score,
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

-- Per category and mailing date: papers listed, papers with at least one live tweet, and their engagement.
CREATE VIEW category_engagement_daily AS
SELECT l.category,
       l.mailing_date,
       count(*)                           AS papers,
       count(e.arxiv_id)                  AS tweeted_papers,
       coalesce(sum(e.retweets), 0)::bigint AS retweets,
       coalesce(sum(e.likes), 0)::bigint    AS likes,
       coalesce(sum(e.score), 0)::bigint    AS engagement
FROM listings l
LEFT JOIN paper_engagement_latest e USING (arxiv_id)
GROUP BY l.category, l.mailing_date;
