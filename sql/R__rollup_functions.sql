-- The functions behind the rollup triggers (post_latest, paper_source_latest, paper_latest, category_day_latest;
-- the tables are created by V6 to V8, V15 and V16) and the triggers on the post tables. Repeatable: Flyway runs this
-- file again whenever it changes, after the versioned migrations, so a function is changed here, in place, rather
-- than in a new versioned file. Sums are numeric: a sum of bigint counts cannot overflow.

-- Recomputes the rollups of the given papers (per source, then over all sources) from post_latest; posts of
-- self-labelled bots (posts.automated, V16) count in paper_source_automated_latest alone. Writers of the
-- same papers are serialised by advisory locks, so a total is never computed from a view of the data that misses
-- another writer's committed change. Papers share 64 lock buckets (taken in order, so writers cannot deadlock),
-- which keeps the locks of a large batch within PostgreSQL's lock table. 738001 names the rollup's lock space.
CREATE OR REPLACE FUNCTION refresh_paper_latest(ids text[]) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_advisory_xact_lock(738001, bucket)
    FROM (SELECT DISTINCT abs(hashtext(id) % 64) AS bucket FROM unnest(ids) AS id) buckets
    ORDER BY bucket;
    DELETE FROM paper_source_latest WHERE arxiv_id = ANY (ids);
    INSERT INTO paper_source_latest (arxiv_id, source, reposts, likes, replies, quotes, posts, unique_authors,
                                     last_snapshot_at)
    SELECT pp.arxiv_id, p.source, sum(x.reposts), sum(x.likes), sum(x.replies), sum(x.quotes), count(*),
           count(DISTINCT p.author_id), max(x.captured_at)
    FROM post_papers pp
    JOIN posts p ON p.post_key = pp.post_key AND p.gone_at IS NULL AND NOT p.automated
    JOIN post_latest x ON x.post_key = pp.post_key
    WHERE pp.arxiv_id = ANY (ids)
    GROUP BY pp.arxiv_id, p.source;
    -- posts of self-labelled bots: apart, so that no total above or below counts them
    DELETE FROM paper_source_automated_latest WHERE arxiv_id = ANY (ids);
    INSERT INTO paper_source_automated_latest (arxiv_id, source, reposts, likes, replies, quotes, posts,
                                               unique_authors, last_snapshot_at)
    SELECT pp.arxiv_id, p.source, sum(x.reposts), sum(x.likes), sum(x.replies), sum(x.quotes), count(*),
           count(DISTINCT p.author_id), max(x.captured_at)
    FROM post_papers pp
    JOIN posts p ON p.post_key = pp.post_key AND p.gone_at IS NULL AND p.automated
    JOIN post_latest x ON x.post_key = pp.post_key
    WHERE pp.arxiv_id = ANY (ids)
    GROUP BY pp.arxiv_id, p.source;
    DELETE FROM paper_latest WHERE arxiv_id = ANY (ids);
    INSERT INTO paper_latest (arxiv_id, reposts, likes, replies, quotes, posts, unique_authors, last_snapshot_at)
    SELECT pp.arxiv_id, sum(x.reposts), sum(x.likes), sum(x.replies), sum(x.quotes), count(*),
           count(DISTINCT (p.source, p.author_id)), max(x.captured_at)
    FROM post_papers pp
    JOIN posts p ON p.post_key = pp.post_key AND p.gone_at IS NULL AND NOT p.automated
    JOIN post_latest x ON x.post_key = pp.post_key
    WHERE pp.arxiv_id = ANY (ids)
    GROUP BY pp.arxiv_id;
END
$$;

-- New snapshots: post_latest first, then the papers those posts link.
CREATE OR REPLACE FUNCTION post_latest_refresh() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO post_latest (post_key, captured_at, reposts, likes, replies, quotes)
    SELECT DISTINCT ON (post_key) post_key, captured_at, reposts, likes, replies, quotes
    FROM new_snapshots
    ORDER BY post_key, captured_at DESC
    ON CONFLICT (post_key) DO UPDATE
        SET captured_at = EXCLUDED.captured_at, reposts = EXCLUDED.reposts, likes = EXCLUDED.likes,
            replies = EXCLUDED.replies, quotes = EXCLUDED.quotes
    -- only forward: a late batch of older snapshots never replaces newer counts
    WHERE EXCLUDED.captured_at > post_latest.captured_at;
    PERFORM refresh_paper_latest(ARRAY(
        SELECT DISTINCT pp.arxiv_id FROM new_snapshots n JOIN post_papers pp ON pp.post_key = n.post_key));
    RETURN NULL;
END
$$;

-- A post gone (deleted, hidden) stops counting for its papers; a post newly flagged as a bot's moves apart.
CREATE OR REPLACE FUNCTION post_gone_refresh() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM refresh_paper_latest(ARRAY(SELECT arxiv_id FROM post_papers WHERE post_key = NEW.post_key));
    RETURN NULL;
END
$$;

-- A post newly linked to a paper counts for it at once.
CREATE OR REPLACE FUNCTION post_links_refresh() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM refresh_paper_latest(ARRAY(SELECT DISTINCT arxiv_id FROM new_links));
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS post_snapshots_latest ON post_snapshots;
CREATE TRIGGER post_snapshots_latest
    AFTER INSERT ON post_snapshots
    REFERENCING NEW TABLE AS new_snapshots
    FOR EACH STATEMENT EXECUTE FUNCTION post_latest_refresh();

DROP TRIGGER IF EXISTS posts_gone_paper_latest ON posts;
CREATE TRIGGER posts_gone_paper_latest
    AFTER UPDATE OF gone_at ON posts
    FOR EACH ROW WHEN (OLD.gone_at IS DISTINCT FROM NEW.gone_at)
    EXECUTE FUNCTION post_gone_refresh();

DROP TRIGGER IF EXISTS posts_automated_paper_latest ON posts;
CREATE TRIGGER posts_automated_paper_latest
    AFTER UPDATE OF automated ON posts
    FOR EACH ROW WHEN (OLD.automated IS DISTINCT FROM NEW.automated)
    EXECUTE FUNCTION post_gone_refresh();

DROP TRIGGER IF EXISTS post_papers_paper_latest ON post_papers;
CREATE TRIGGER post_papers_paper_latest
    AFTER INSERT ON post_papers
    REFERENCING NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION post_links_refresh();

-- Computes the rollup again from listings and paper_latest: at migration, and after a TRUNCATE.
CREATE OR REPLACE FUNCTION rebuild_category_day_latest() RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    DELETE FROM category_day_latest;
    INSERT INTO category_day_latest (mailing_date, category, papers, posted_papers, reposts, likes)
    SELECT l.mailing_date, l.category, count(*), count(p.arxiv_id), coalesce(sum(p.reposts), 0),
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
    INSERT INTO category_day_latest AS c (mailing_date, category, papers, posted_papers, reposts, likes)
    SELECT l.mailing_date, l.category, p_sign * count(*), p_sign * count(p.arxiv_id),
           p_sign * coalesce(sum(p.reposts), 0), p_sign * coalesce(sum(p.likes), 0)
    FROM unnest(p_dates, p_categories, p_ids) AS l (mailing_date, category, arxiv_id)
    LEFT JOIN paper_latest p USING (arxiv_id)
    GROUP BY l.mailing_date, l.category
    ORDER BY l.mailing_date, l.category
    ON CONFLICT (mailing_date, category) DO UPDATE
        SET papers = c.papers + EXCLUDED.papers, posted_papers = c.posted_papers + EXCLUDED.posted_papers,
            reposts = c.reposts + EXCLUDED.reposts, likes = c.likes + EXCLUDED.likes;
END
$$;

-- Paper totals added (sign 1) or removed (sign -1), for every listing of those papers.
CREATE OR REPLACE FUNCTION category_day_add_papers(p_sign integer, p_ids text[], p_reposts numeric[],
                                                   p_likes numeric[])
    RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO category_day_latest AS c (mailing_date, category, papers, posted_papers, reposts, likes)
    SELECT l.mailing_date, l.category, 0, p_sign * count(*), p_sign * sum(p.reposts), p_sign * sum(p.likes)
    FROM unnest(p_ids, p_reposts, p_likes) AS p (arxiv_id, reposts, likes)
    JOIN listings l USING (arxiv_id)
    GROUP BY l.mailing_date, l.category
    ORDER BY l.mailing_date, l.category
    ON CONFLICT (mailing_date, category) DO UPDATE
        SET posted_papers = c.posted_papers + EXCLUDED.posted_papers,
            reposts = c.reposts + EXCLUDED.reposts, likes = c.likes + EXCLUDED.likes;
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
    PERFORM category_day_add_papers(1, array_agg(arxiv_id), array_agg(reposts), array_agg(likes))
    FROM new_papers HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION category_day_papers_deleted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM category_day_add_papers(-1, array_agg(arxiv_id), array_agg(reposts), array_agg(likes))
    FROM old_papers HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION category_day_papers_updated() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM category_day_add_papers(-1, array_agg(arxiv_id), array_agg(reposts), array_agg(likes))
    FROM old_papers HAVING count(*) > 0;
    PERFORM category_day_add_papers(1, array_agg(arxiv_id), array_agg(reposts), array_agg(likes))
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
