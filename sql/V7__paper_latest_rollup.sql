-- Per-paper rollup of current engagement (over live tweets, each at its latest snapshot), kept by triggers on
-- the tables it depends on, so that rankings and category rollups read one row per paper.

CREATE TABLE paper_latest (
    arxiv_id         text        PRIMARY KEY,
    retweets         bigint      NOT NULL,
    likes            bigint      NOT NULL,
    replies          bigint      NOT NULL,
    quotes           bigint      NOT NULL,
    tweets           bigint      NOT NULL,
    unique_authors   bigint      NOT NULL,
    last_snapshot_at timestamptz NOT NULL
);

-- Recomputes the rollup of the given papers from tweet_latest. Writers of the same papers are serialised by
-- advisory locks, so a total is never computed from a view of the data that misses another writer's committed
-- change. Papers share 64 lock buckets (taken in order, so writers cannot deadlock), which keeps the locks of
-- a large batch within PostgreSQL's lock table.
CREATE FUNCTION refresh_paper_latest(ids text[]) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_advisory_xact_lock(738001, bucket)
    FROM (SELECT DISTINCT abs(hashtext(id) % 64) AS bucket FROM unnest(ids) AS id) buckets
    ORDER BY bucket;
    DELETE FROM paper_latest WHERE arxiv_id = ANY (ids);
    INSERT INTO paper_latest (arxiv_id, retweets, likes, replies, quotes, tweets, unique_authors, last_snapshot_at)
    SELECT tp.arxiv_id, sum(x.retweet_count), sum(x.like_count), sum(x.reply_count), sum(x.quote_count), count(*),
           count(DISTINCT t.author_id), max(x.captured_at)
    FROM tweet_papers tp
    JOIN tweets t ON t.tweet_id = tp.tweet_id AND t.gone_at IS NULL
    JOIN tweet_latest x ON x.tweet_id = tp.tweet_id
    WHERE tp.arxiv_id = ANY (ids)
    GROUP BY tp.arxiv_id;
END
$$;

-- New snapshots: tweet_latest first (as before), then the papers those tweets link.
CREATE OR REPLACE FUNCTION tweet_latest_refresh() RETURNS trigger
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
    WHERE EXCLUDED.captured_at > tweet_latest.captured_at;
    PERFORM refresh_paper_latest(ARRAY(
        SELECT DISTINCT tp.arxiv_id FROM new_snapshots n JOIN tweet_papers tp ON tp.tweet_id = n.tweet_id));
    RETURN NULL;
END
$$;

-- A tweet gone (deleted, protected) stops counting for its papers.
CREATE FUNCTION tweet_gone_refresh() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM refresh_paper_latest(ARRAY(SELECT arxiv_id FROM tweet_papers WHERE tweet_id = NEW.tweet_id));
    RETURN NULL;
END
$$;

CREATE TRIGGER tweets_gone_paper_latest
    AFTER UPDATE OF gone_at ON tweets
    FOR EACH ROW WHEN (OLD.gone_at IS DISTINCT FROM NEW.gone_at)
    EXECUTE FUNCTION tweet_gone_refresh();

-- A tweet newly linked to a paper counts for it at once.
CREATE FUNCTION tweet_links_refresh() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM refresh_paper_latest(ARRAY(SELECT DISTINCT arxiv_id FROM new_links));
    RETURN NULL;
END
$$;

CREATE TRIGGER tweet_papers_paper_latest
    AFTER INSERT ON tweet_papers
    REFERENCING NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION tweet_links_refresh();

INSERT INTO paper_latest (arxiv_id, retweets, likes, replies, quotes, tweets, unique_authors, last_snapshot_at)
SELECT tp.arxiv_id, sum(x.retweet_count), sum(x.like_count), sum(x.reply_count), sum(x.quote_count), count(*),
       count(DISTINCT t.author_id), max(x.captured_at)
FROM tweet_papers tp
JOIN tweets t ON t.tweet_id = tp.tweet_id AND t.gone_at IS NULL
JOIN tweet_latest x ON x.tweet_id = tp.tweet_id
GROUP BY tp.arxiv_id;

CREATE OR REPLACE VIEW paper_engagement_latest AS
SELECT arxiv_id, retweets, likes, replies, quotes, retweets + likes AS score, tweets, unique_authors,
       last_snapshot_at
FROM paper_latest;

CREATE OR REPLACE VIEW category_engagement_daily AS
SELECT l.category,
       l.mailing_date,
       count(*)                                       AS papers,
       count(p.arxiv_id)                              AS tweeted_papers,
       coalesce(sum(p.retweets), 0)::bigint           AS retweets,
       coalesce(sum(p.likes), 0)::bigint              AS likes,
       coalesce(sum(p.retweets + p.likes), 0)::bigint AS engagement
FROM listings l
LEFT JOIN paper_latest p USING (arxiv_id)
GROUP BY l.category, l.mailing_date;
