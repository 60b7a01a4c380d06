-- Rollup of each tweet's latest snapshot, so that "current engagement" questions (paper_engagement_latest,
-- trends top, category rollups) read one row per tweet instead of its whole history. A statement-level trigger
-- keeps it, whatever writes the snapshots (the writer, a COPY, an analyst's INSERT).

CREATE TABLE tweet_latest (
    tweet_id      bigint      PRIMARY KEY REFERENCES tweets (tweet_id) ON DELETE CASCADE,
    captured_at   timestamptz NOT NULL,
    retweet_count integer     NOT NULL,
    like_count    integer     NOT NULL,
    reply_count   integer     NOT NULL,
    quote_count   integer     NOT NULL
);

INSERT INTO tweet_latest
SELECT DISTINCT ON (tweet_id) tweet_id, captured_at, retweet_count, like_count, reply_count, quote_count
FROM tweet_snapshots
ORDER BY tweet_id, captured_at DESC;

CREATE FUNCTION tweet_latest_refresh() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO tweet_latest (tweet_id, captured_at, retweet_count, like_count, reply_count, quote_count)
    SELECT DISTINCT ON (tweet_id) tweet_id, captured_at, retweet_count, like_count, reply_count, quote_count
    FROM new_snapshots
    ORDER BY tweet_id, captured_at DESC
    ON CONFLICT (tweet_id) DO UPDATE
        SET captured_at = EXCLUDED.captured_at, retweet_count = EXCLUDED.retweet_count,
            like_count = EXCLUDED.like_count, reply_count = EXCLUDED.reply_count, quote_count = EXCLUDED.quote_count
    -- only forward: a late batch of older snapshots never replaces newer counts
    WHERE EXCLUDED.captured_at > tweet_latest.captured_at;
    RETURN NULL;
END
$$;

CREATE TRIGGER tweet_snapshots_latest
    AFTER INSERT ON tweet_snapshots
    REFERENCING NEW TABLE AS new_snapshots
    FOR EACH STATEMENT EXECUTE FUNCTION tweet_latest_refresh();

CREATE OR REPLACE VIEW paper_engagement_latest AS
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
JOIN tweet_latest l USING (tweet_id)
WHERE t.gone_at IS NULL
GROUP BY tp.arxiv_id;

-- Per category and mailing date, computed from the listings outward (one row per listed paper's tweets).
CREATE OR REPLACE VIEW category_engagement_daily AS
SELECT l.category,
       l.mailing_date,
       count(*)                             AS papers,
       count(e.arxiv_id)                    AS tweeted_papers,
       coalesce(sum(e.retweets), 0)::bigint AS retweets,
       coalesce(sum(e.likes), 0)::bigint    AS likes,
       coalesce(sum(e.score), 0)::bigint    AS engagement
FROM listings l
LEFT JOIN LATERAL (
    SELECT tp.arxiv_id, sum(x.retweet_count) AS retweets, sum(x.like_count) AS likes,
           sum(x.retweet_count + x.like_count) AS score
    FROM tweet_papers tp
    JOIN tweets t ON t.tweet_id = tp.tweet_id AND t.gone_at IS NULL
    JOIN tweet_latest x ON x.tweet_id = tp.tweet_id
    WHERE tp.arxiv_id = l.arxiv_id
    GROUP BY tp.arxiv_id
) e ON true
GROUP BY l.category, l.mailing_date;
