-- The functions behind the rollup triggers (tweet_latest, paper_latest, category_day_latest; the tables and the
-- triggers themselves are created by V6 to V8). Repeatable: Flyway runs this file again whenever it changes,
-- after the versioned migrations, so a function is changed here, in place, rather than in a new versioned file.
-- Sums are numeric: a sum of bigint counts cannot overflow.

-- Recomputes the rollup of the given papers from tweet_latest. Writers of the same papers are serialised by
-- advisory locks, so a total is never computed from a view of the data that misses another writer's committed
-- change. Papers share 64 lock buckets (taken in order, so writers cannot deadlock), which keeps the locks of
-- a large batch within PostgreSQL's lock table.
CREATE OR REPLACE FUNCTION refresh_paper_latest(ids text[]) RETURNS void
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
    -- only forward: a late batch of older snapshots never replaces newer counts
    WHERE EXCLUDED.captured_at > tweet_latest.captured_at;
    PERFORM refresh_paper_latest(ARRAY(
        SELECT DISTINCT tp.arxiv_id FROM new_snapshots n JOIN tweet_papers tp ON tp.tweet_id = n.tweet_id));
    RETURN NULL;
END
$$;

-- A tweet gone (deleted, protected) stops counting for its papers.
CREATE OR REPLACE FUNCTION tweet_gone_refresh() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM refresh_paper_latest(ARRAY(SELECT arxiv_id FROM tweet_papers WHERE tweet_id = NEW.tweet_id));
    RETURN NULL;
END
$$;

-- A tweet newly linked to a paper counts for it at once.
CREATE OR REPLACE FUNCTION tweet_links_refresh() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM refresh_paper_latest(ARRAY(SELECT DISTINCT arxiv_id FROM new_links));
    RETURN NULL;
END
$$;

-- Computes the rollup again from listings and paper_latest: at migration, and after a TRUNCATE.
CREATE OR REPLACE FUNCTION rebuild_category_day_latest() RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    DELETE FROM category_day_latest;
    INSERT INTO category_day_latest (mailing_date, category, papers, tweeted_papers, retweets, likes)
    SELECT l.mailing_date, l.category, count(*), count(p.arxiv_id), coalesce(sum(p.retweets), 0),
           coalesce(sum(p.likes), 0)
    FROM listings l
    LEFT JOIN paper_latest p USING (arxiv_id)
    GROUP BY l.mailing_date, l.category;
END
$$;

-- Listings added (sign 1) or removed (sign -1): the papers count and the papers' current engagement. The
-- papers' advisory locks (those of refresh_paper_latest) make a listing and a concurrent refresh of its paper
-- see each other, so that neither misses the other's change. Rows are updated in key order: no deadlocks.
CREATE OR REPLACE FUNCTION category_day_add_listings(p_sign integer, p_dates date[], p_categories text[], p_ids text[])
    RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_advisory_xact_lock(738001, bucket)
    FROM (SELECT DISTINCT abs(hashtext(id) % 64) AS bucket FROM unnest(p_ids) AS id) buckets
    ORDER BY bucket;
    INSERT INTO category_day_latest AS c (mailing_date, category, papers, tweeted_papers, retweets, likes)
    SELECT l.mailing_date, l.category, p_sign * count(*), p_sign * count(p.arxiv_id),
           p_sign * coalesce(sum(p.retweets), 0), p_sign * coalesce(sum(p.likes), 0)
    FROM unnest(p_dates, p_categories, p_ids) AS l (mailing_date, category, arxiv_id)
    LEFT JOIN paper_latest p USING (arxiv_id)
    GROUP BY l.mailing_date, l.category
    ORDER BY l.mailing_date, l.category
    ON CONFLICT (mailing_date, category) DO UPDATE
        SET papers = c.papers + EXCLUDED.papers, tweeted_papers = c.tweeted_papers + EXCLUDED.tweeted_papers,
            retweets = c.retweets + EXCLUDED.retweets, likes = c.likes + EXCLUDED.likes;
END
$$;

-- Paper totals added (sign 1) or removed (sign -1), for every listing of those papers.
CREATE OR REPLACE FUNCTION category_day_add_papers(p_sign integer, p_ids text[], p_retweets numeric[],
                                                   p_likes numeric[])
    RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO category_day_latest AS c (mailing_date, category, papers, tweeted_papers, retweets, likes)
    SELECT l.mailing_date, l.category, 0, p_sign * count(*), p_sign * sum(p.retweets), p_sign * sum(p.likes)
    FROM unnest(p_ids, p_retweets, p_likes) AS p (arxiv_id, retweets, likes)
    JOIN listings l USING (arxiv_id)
    GROUP BY l.mailing_date, l.category
    ORDER BY l.mailing_date, l.category
    ON CONFLICT (mailing_date, category) DO UPDATE
        SET tweeted_papers = c.tweeted_papers + EXCLUDED.tweeted_papers,
            retweets = c.retweets + EXCLUDED.retweets, likes = c.likes + EXCLUDED.likes;
END
$$;

CREATE OR REPLACE FUNCTION category_day_listings_inserted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM category_day_add_listings(1, array_agg(mailing_date), array_agg(category), array_agg(arxiv_id))
    FROM new_listings HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION category_day_listings_deleted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM category_day_add_listings(-1, array_agg(mailing_date), array_agg(category), array_agg(arxiv_id))
    FROM old_listings HAVING count(*) > 0;
    RETURN NULL;
END
$$;

-- Only a changed key moves a listing; hotpapers itself updates the announce type alone.
CREATE OR REPLACE FUNCTION category_day_listings_updated() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM category_day_add_listings(-1, array_agg(mailing_date), array_agg(category), array_agg(arxiv_id))
    FROM (SELECT mailing_date, category, arxiv_id FROM old_listings
          EXCEPT ALL SELECT mailing_date, category, arxiv_id FROM new_listings) moved
    HAVING count(*) > 0;
    PERFORM category_day_add_listings(1, array_agg(mailing_date), array_agg(category), array_agg(arxiv_id))
    FROM (SELECT mailing_date, category, arxiv_id FROM new_listings
          EXCEPT ALL SELECT mailing_date, category, arxiv_id FROM old_listings) moved
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION category_day_papers_inserted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM category_day_add_papers(1, array_agg(arxiv_id), array_agg(retweets), array_agg(likes))
    FROM new_papers HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION category_day_papers_deleted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM category_day_add_papers(-1, array_agg(arxiv_id), array_agg(retweets), array_agg(likes))
    FROM old_papers HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION category_day_papers_updated() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM category_day_add_papers(-1, array_agg(arxiv_id), array_agg(retweets), array_agg(likes))
    FROM old_papers HAVING count(*) > 0;
    PERFORM category_day_add_papers(1, array_agg(arxiv_id), array_agg(retweets), array_agg(likes))
    FROM new_papers HAVING count(*) > 0;
    RETURN NULL;
END
$$;

-- TRUNCATE fires no row changes: start the rollup again from what is left.
CREATE OR REPLACE FUNCTION category_day_truncated() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM rebuild_category_day_latest();
    RETURN NULL;
END
$$;
