-- Per category and mailing date rollup of current engagement, so that category_engagement_daily reads one row
-- per category and day instead of joining every listing of the period with paper_latest. Triggers on listings
-- and paper_latest add signed differences to it, whatever writes those tables (hotpapers, a COPY, an analyst).

CREATE TABLE category_day_latest (
    mailing_date   date   NOT NULL,
    category       text   NOT NULL,
    papers         bigint NOT NULL,
    tweeted_papers bigint NOT NULL,
    retweets       bigint NOT NULL,
    likes          bigint NOT NULL,
    PRIMARY KEY (mailing_date, category)
);

-- Computes the rollup again from listings and paper_latest: at migration, and after a TRUNCATE.
CREATE FUNCTION rebuild_category_day_latest() RETURNS void
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

SELECT rebuild_category_day_latest();

-- Listings added (sign 1) or removed (sign -1): the papers count and the papers' current engagement. The
-- papers' advisory locks (those of refresh_paper_latest) make a listing and a concurrent refresh of its paper
-- see each other, so that neither misses the other's change. Rows are updated in key order: no deadlocks.
CREATE FUNCTION category_day_add_listings(p_sign integer, p_dates date[], p_categories text[], p_ids text[])
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
CREATE FUNCTION category_day_add_papers(p_sign integer, p_ids text[], p_retweets bigint[], p_likes bigint[])
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

CREATE FUNCTION category_day_listings_inserted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM category_day_add_listings(1, array_agg(mailing_date), array_agg(category), array_agg(arxiv_id))
    FROM new_listings HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION category_day_listings_deleted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM category_day_add_listings(-1, array_agg(mailing_date), array_agg(category), array_agg(arxiv_id))
    FROM old_listings HAVING count(*) > 0;
    RETURN NULL;
END
$$;

-- Only a changed key moves a listing; hotpapers itself updates the announce type alone.
CREATE FUNCTION category_day_listings_updated() RETURNS trigger
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

CREATE TRIGGER listings_category_day_inserted
    AFTER INSERT ON listings REFERENCING NEW TABLE AS new_listings
    FOR EACH STATEMENT EXECUTE FUNCTION category_day_listings_inserted();
CREATE TRIGGER listings_category_day_deleted
    AFTER DELETE ON listings REFERENCING OLD TABLE AS old_listings
    FOR EACH STATEMENT EXECUTE FUNCTION category_day_listings_deleted();
CREATE TRIGGER listings_category_day_updated
    AFTER UPDATE ON listings REFERENCING OLD TABLE AS old_listings NEW TABLE AS new_listings
    FOR EACH STATEMENT EXECUTE FUNCTION category_day_listings_updated();

CREATE FUNCTION category_day_papers_inserted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM category_day_add_papers(1, array_agg(arxiv_id), array_agg(retweets), array_agg(likes))
    FROM new_papers HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION category_day_papers_deleted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM category_day_add_papers(-1, array_agg(arxiv_id), array_agg(retweets), array_agg(likes))
    FROM old_papers HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION category_day_papers_updated() RETURNS trigger
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

CREATE TRIGGER paper_latest_category_day_inserted
    AFTER INSERT ON paper_latest REFERENCING NEW TABLE AS new_papers
    FOR EACH STATEMENT EXECUTE FUNCTION category_day_papers_inserted();
CREATE TRIGGER paper_latest_category_day_deleted
    AFTER DELETE ON paper_latest REFERENCING OLD TABLE AS old_papers
    FOR EACH STATEMENT EXECUTE FUNCTION category_day_papers_deleted();
CREATE TRIGGER paper_latest_category_day_updated
    AFTER UPDATE ON paper_latest REFERENCING OLD TABLE AS old_papers NEW TABLE AS new_papers
    FOR EACH STATEMENT EXECUTE FUNCTION category_day_papers_updated();

-- TRUNCATE fires no row changes: start the rollup again from what is left.
CREATE FUNCTION category_day_truncated() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM rebuild_category_day_latest();
    RETURN NULL;
END
$$;

CREATE TRIGGER listings_category_day_truncated
    AFTER TRUNCATE ON listings FOR EACH STATEMENT EXECUTE FUNCTION category_day_truncated();
CREATE TRIGGER paper_latest_category_day_truncated
    AFTER TRUNCATE ON paper_latest FOR EACH STATEMENT EXECUTE FUNCTION category_day_truncated();

-- A category and day whose listings are all gone keeps a row of zeros; the view leaves it out.
CREATE OR REPLACE VIEW category_engagement_daily AS
SELECT category, mailing_date, papers, tweeted_papers, retweets, likes, retweets + likes AS engagement
FROM category_day_latest
WHERE papers > 0;
