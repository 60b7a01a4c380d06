-- The functions behind the rollup triggers (post_latest, paper_source_latest, paper_latest, category_day_latest,
-- post_refresh; the tables are created by V6 to V8, V15, V16 and V20) and the triggers on the post tables. Repeatable: Flyway runs this
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

-- Recomputes the refresh rows of the given posts from posts, their links, the listings and post_latest: a post
-- has a row while it is live and links a listed paper. Upserts, so concurrent writers of one post cannot collide.
CREATE OR REPLACE FUNCTION refresh_post_refresh(keys bigint[]) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    IF cardinality(keys) = 0 THEN
        RETURN;
    END IF;
    WITH fresh AS (
        SELECT p.post_key, p.source, f.first_mailing, coalesce(x.captured_at, '-infinity') AS captured_at,
               coalesce(x.reposts::numeric + x.likes - x.previous_score, 0) AS movement
        FROM posts p
        JOIN LATERAL (SELECT min(l.mailing_date) AS first_mailing
                      FROM post_papers pp JOIN listings l ON l.arxiv_id = pp.arxiv_id
                      WHERE pp.post_key = p.post_key) f ON f.first_mailing IS NOT NULL
        LEFT JOIN post_latest x ON x.post_key = p.post_key
        WHERE p.post_key = ANY (keys) AND p.gone_at IS NULL
    ), upserted AS (
        INSERT INTO post_refresh AS r (post_key, source, first_mailing, captured_at, movement)
        SELECT post_key, source, first_mailing, captured_at, movement FROM fresh ORDER BY post_key
        ON CONFLICT (post_key) DO UPDATE
            SET source = EXCLUDED.source, first_mailing = EXCLUDED.first_mailing,
                captured_at = EXCLUDED.captured_at, movement = EXCLUDED.movement
            WHERE (r.source, r.first_mailing, r.captured_at, r.movement)
                  IS DISTINCT FROM (EXCLUDED.source, EXCLUDED.first_mailing, EXCLUDED.captured_at, EXCLUDED.movement)
    )
    -- an anti-join: NOT IN over a large fresh set ran as a per-row scan of it (minutes for 200,000 keys)
    DELETE FROM post_refresh r
    WHERE r.post_key = ANY (keys) AND NOT EXISTS (SELECT FROM fresh f WHERE f.post_key = r.post_key);
END
$$;

-- Listings added, moved or removed change the first mailing date of the posts that link their papers.
CREATE OR REPLACE FUNCTION post_refresh_listings_changed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM refresh_post_refresh(ARRAY(
            SELECT DISTINCT pp.post_key FROM new_listings n JOIN post_papers pp ON pp.arxiv_id = n.arxiv_id));
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM refresh_post_refresh(ARRAY(
            SELECT DISTINCT pp.post_key FROM old_listings o JOIN post_papers pp ON pp.arxiv_id = o.arxiv_id));
    END IF;
    RETURN NULL;
END
$$;

-- A snapshot write's changes added to the per-paper rollups: for each live post seen before, its latest counts
-- after the write minus before, summed per paper and source (bots apart) and per paper. A paper whose rollup row is
-- missing, and every paper of a post seen for the first time (its post and author counts change), is recomputed
-- from post_latest instead. The batch's links come with their posts' source, gone time and bot flag (read once by
-- the snapshot trigger, after the papers' advisory locks: see refresh_paper_latest), so the old counts it read are
-- the ones the rows hold.
DROP FUNCTION IF EXISTS paper_rollups_add(post_snapshot_change[]);
CREATE OR REPLACE FUNCTION paper_rollups_add(changes post_snapshot_change[], l_keys bigint[], l_papers text[],
                                             l_sources text[], l_gone timestamptz[], l_automated boolean[])
    RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    recompute text[];
BEGIN
    WITH link AS (
        SELECT * FROM unnest(l_keys, l_papers, l_sources, l_gone, l_automated)
                      AS l (post_key, arxiv_id, source, gone_at, automated)
    ), moved AS (
        SELECT l.arxiv_id, l.source, l.automated, c.new_reposts - c.old_reposts AS reposts,
               c.new_likes - c.old_likes AS likes, c.new_replies - c.old_replies AS replies,
               c.new_quotes - c.old_quotes AS quotes, c.new_captured_at AS captured_at
        FROM unnest(changes) c
        JOIN link l ON l.post_key = c.post_key AND l.gone_at IS NULL
        WHERE c.old_captured_at IS NOT NULL
    ), by_source AS (
        SELECT arxiv_id, source, automated, sum(reposts) AS reposts, sum(likes) AS likes, sum(replies) AS replies,
               sum(quotes) AS quotes, max(captured_at) AS captured_at
        FROM moved GROUP BY arxiv_id, source, automated
    ), people AS (
        UPDATE paper_source_latest t
        SET reposts = t.reposts + d.reposts, likes = t.likes + d.likes, replies = t.replies + d.replies,
            quotes = t.quotes + d.quotes, last_snapshot_at = greatest(t.last_snapshot_at, d.captured_at)
        FROM by_source d
        WHERE NOT d.automated AND t.arxiv_id = d.arxiv_id AND t.source = d.source
        RETURNING t.arxiv_id, t.source
    ), bots AS (
        UPDATE paper_source_automated_latest t
        SET reposts = t.reposts + d.reposts, likes = t.likes + d.likes, replies = t.replies + d.replies,
            quotes = t.quotes + d.quotes, last_snapshot_at = greatest(t.last_snapshot_at, d.captured_at)
        FROM by_source d
        WHERE d.automated AND t.arxiv_id = d.arxiv_id AND t.source = d.source
        RETURNING t.arxiv_id, t.source
    ), totals AS (
        UPDATE paper_latest t
        SET reposts = t.reposts + d.reposts, likes = t.likes + d.likes, replies = t.replies + d.replies,
            quotes = t.quotes + d.quotes, last_snapshot_at = greatest(t.last_snapshot_at, d.captured_at)
        FROM (SELECT arxiv_id, sum(reposts) AS reposts, sum(likes) AS likes, sum(replies) AS replies,
                     sum(quotes) AS quotes, max(captured_at) AS captured_at
              FROM by_source WHERE NOT automated GROUP BY arxiv_id) d
        WHERE t.arxiv_id = d.arxiv_id
        RETURNING t.arxiv_id
    )
    SELECT ARRAY(
        SELECT l.arxiv_id FROM unnest(changes) c JOIN link l ON l.post_key = c.post_key
        WHERE c.old_captured_at IS NULL
        UNION
        SELECT arxiv_id FROM (SELECT arxiv_id, source FROM by_source EXCEPT ALL
                              (SELECT arxiv_id, source FROM people UNION ALL SELECT arxiv_id, source FROM bots)) m
        UNION
        SELECT arxiv_id FROM (SELECT arxiv_id FROM by_source WHERE NOT automated EXCEPT
                              SELECT arxiv_id FROM totals) m)
    INTO recompute;
    IF cardinality(recompute) > 0 THEN
        PERFORM refresh_paper_latest(recompute);
    END IF;
END
$$;

-- New snapshots. First the advisory locks of the posts' papers (writers of the same papers one at a time), then
-- each post's change: its latest snapshot before the batch and after it. post_latest keeps each post's latest
-- snapshot and the one before it (its capture time and score): the two newest of the old pair and the batch, so
-- that a late batch of older snapshots never replaces newer counts and still takes its place as the previous one.
-- Posts seen before are updated in place; a post's first snapshot inserts its row, whose foreign key to posts is
-- what rejects a snapshot of a missing post (post_snapshots has none: V26). Then the batch's links and their posts
-- are read once, and every rollup of snapshot writes takes its changes from here: the per-paper rollups, the
-- hourly rollup (paper_source_hourly_snapshots_add), and post_refresh the new capture time and movement (a
-- snapshot changes neither a post's source nor its mailing date). One trigger, so the locks are taken once.
--
-- Every statement is driven by the batch's keys through primary keys (index probes per post), never by a scan
-- of a whole table: the cost follows the batch, not the history.
CREATE OR REPLACE FUNCTION post_latest_refresh() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    changes     post_snapshot_change[];
    tids        tid[];
    written     bigint[];
    seen        integer;
    updated     integer;
    l_keys      bigint[];
    l_papers    text[];
    l_sources   text[];
    l_gone      timestamptz[];
    l_automated boolean[];
BEGIN
    PERFORM pg_advisory_xact_lock(738001, bucket)
    FROM (SELECT DISTINCT abs(hashtext(pp.arxiv_id) % 64) AS bucket
          FROM post_papers pp WHERE pp.post_key IN (SELECT post_key FROM new_snapshots)) buckets
    ORDER BY bucket;
    -- with each post's post_latest row's address, so that the update below fetches the row instead of probing
    -- the key again
    SELECT array_agg(ROW(b.post_key, x.captured_at, x.reposts, x.likes, x.replies, x.quotes,
               CASE WHEN newer THEN b.captured_at ELSE x.captured_at END,
               CASE WHEN newer THEN b.reposts ELSE x.reposts END,
               CASE WHEN newer THEN b.likes ELSE x.likes END,
               CASE WHEN newer THEN b.replies ELSE x.replies END,
               CASE WHEN newer THEN b.quotes ELSE x.quotes END,
               -- newer batch: the newer of its second and the old latest; older batch: the newer of its first
               -- and the old previous
               CASE WHEN x.captured_at IS NULL THEN b.previous_captured_at
                    WHEN newer THEN
                        CASE WHEN b.previous_captured_at > x.captured_at THEN b.previous_captured_at
                             ELSE x.captured_at END
                    WHEN x.previous_captured_at >= b.captured_at THEN x.previous_captured_at
                    ELSE b.captured_at END,
               CASE WHEN x.captured_at IS NULL THEN b.previous_score
                    WHEN newer THEN
                        CASE WHEN b.previous_captured_at > x.captured_at THEN b.previous_score
                             ELSE x.reposts::numeric + x.likes END
                    WHEN x.previous_captured_at >= b.captured_at THEN x.previous_score
                    ELSE b.reposts::numeric + b.likes END)::post_snapshot_change ORDER BY b.post_key),
           array_agg(x.ctid ORDER BY b.post_key)
    INTO changes, tids
    FROM (SELECT post_key, captured_at, reposts, likes, replies, quotes,
                 lead(captured_at) OVER newest_first AS previous_captured_at,
                 lead(reposts::numeric + likes) OVER newest_first AS previous_score,
                 row_number() OVER newest_first AS position
          FROM new_snapshots
          WINDOW newest_first AS (PARTITION BY post_key ORDER BY captured_at DESC)) b
    LEFT JOIN post_latest x ON x.post_key = b.post_key
    CROSS JOIN LATERAL (SELECT x.captured_at IS NULL OR b.captured_at > x.captured_at AS newer) n
    WHERE b.position = 1;
    -- by the address read above; a row that moved since (another writer of a post without papers, which holds no
    -- lock) is left to the upsert below, the key checked in case the address holds another row by now
    WITH updated_rows AS (
        UPDATE post_latest x
        SET captured_at = c.new_captured_at, reposts = c.new_reposts, likes = c.new_likes, replies = c.new_replies,
            quotes = c.new_quotes, previous_captured_at = c.new_previous_captured_at,
            previous_score = c.new_previous_score
        -- unnest of two arrays expands the change into its fields, then the address
        FROM unnest(changes, tids) AS c (post_key, old_captured_at, old_reposts, old_likes, old_replies, old_quotes,
                                         new_captured_at, new_reposts, new_likes, new_replies, new_quotes,
                                         new_previous_captured_at, new_previous_score, tid)
        WHERE c.old_captured_at IS NOT NULL AND x.ctid = c.tid AND x.post_key = c.post_key
        RETURNING x.post_key)
    SELECT array_agg(post_key) INTO written FROM updated_rows;
    updated := coalesce(cardinality(written), 0);
    SELECT count(*) FILTER (WHERE old_captured_at IS NOT NULL) INTO seen FROM unnest(changes);
    -- first snapshots, and any post whose row moved or went since it was read (deleted with its post: then the
    -- foreign key fails the statement; updated by another writer: the newer capture wins)
    INSERT INTO post_latest AS x (post_key, captured_at, reposts, likes, replies, quotes, previous_captured_at,
                                  previous_score)
    SELECT c.post_key, c.new_captured_at, c.new_reposts, c.new_likes, c.new_replies, c.new_quotes,
           c.new_previous_captured_at, c.new_previous_score
    FROM unnest(changes) c
    WHERE c.old_captured_at IS NULL
       OR (updated < seen AND c.old_captured_at IS NOT NULL AND NOT c.post_key = ANY (coalesce(written, '{}')))
    ON CONFLICT (post_key) DO UPDATE
        SET captured_at = EXCLUDED.captured_at, reposts = EXCLUDED.reposts, likes = EXCLUDED.likes,
            replies = EXCLUDED.replies, quotes = EXCLUDED.quotes,
            previous_captured_at = EXCLUDED.previous_captured_at, previous_score = EXCLUDED.previous_score
        WHERE EXCLUDED.captured_at > x.captured_at;
    -- the batch's links with their posts, read once (after the locks) for every rollup below
    SELECT array_agg(pp.post_key), array_agg(pp.arxiv_id), array_agg(p.source), array_agg(p.gone_at),
           array_agg(p.automated)
    INTO l_keys, l_papers, l_sources, l_gone, l_automated
    FROM unnest(changes) c
    JOIN post_papers pp ON pp.post_key = c.post_key
    JOIN posts p ON p.post_key = c.post_key;
    IF l_keys IS NOT NULL THEN
        PERFORM paper_rollups_add(changes, l_keys, l_papers, l_sources, l_gone, l_automated);
        PERFORM paper_source_hourly_snapshots_add(changes, l_keys, l_papers, l_sources, l_gone, l_automated,
                                                  ARRAY(SELECT n.post_key FROM new_snapshots n
                                                        ORDER BY n.post_key, n.captured_at),
                                                  ARRAY(SELECT n.captured_at FROM new_snapshots n
                                                        ORDER BY n.post_key, n.captured_at));
    END IF;
    UPDATE post_refresh r
    SET captured_at = c.new_captured_at,
        movement = coalesce(c.new_reposts::numeric + c.new_likes - c.new_previous_score, 0)
    FROM unnest(changes) c
    WHERE r.post_key = c.post_key
      AND (r.captured_at, r.movement) IS DISTINCT FROM
          (c.new_captured_at, coalesce(c.new_reposts::numeric + c.new_likes - c.new_previous_score, 0));
    RETURN NULL;
END
$$;

-- A deleted post takes its snapshots along (post_snapshots has no foreign key to posts: see V26).
CREATE OR REPLACE FUNCTION post_snapshots_of_deleted_posts() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    DELETE FROM post_snapshots WHERE post_key IN (SELECT post_key FROM old_posts);
    RETURN NULL;
END
$$;

-- A post gone (deleted, hidden) stops counting for its papers; a post newly flagged as a bot's moves apart.
CREATE OR REPLACE FUNCTION post_gone_refresh() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM refresh_paper_latest(ARRAY(SELECT arxiv_id FROM post_papers WHERE post_key = NEW.post_key));
    PERFORM refresh_post_refresh(ARRAY[NEW.post_key]);
    RETURN NULL;
END
$$;

-- A post newly linked to a paper counts for it at once.
CREATE OR REPLACE FUNCTION post_links_refresh() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM refresh_paper_latest(ARRAY(SELECT DISTINCT arxiv_id FROM new_links));
    PERFORM refresh_post_refresh(ARRAY(SELECT DISTINCT post_key FROM new_links));
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS post_snapshots_latest ON post_snapshots;
CREATE TRIGGER post_snapshots_latest
    AFTER INSERT ON post_snapshots
    REFERENCING NEW TABLE AS new_snapshots
    FOR EACH STATEMENT EXECUTE FUNCTION post_latest_refresh();

DROP TRIGGER IF EXISTS posts_deleted_snapshots ON posts;
CREATE TRIGGER posts_deleted_snapshots
    AFTER DELETE ON posts
    REFERENCING OLD TABLE AS old_posts
    FOR EACH STATEMENT EXECUTE FUNCTION post_snapshots_of_deleted_posts();

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

DROP TRIGGER IF EXISTS listings_post_refresh_inserted ON listings;
CREATE TRIGGER listings_post_refresh_inserted
    AFTER INSERT ON listings
    REFERENCING NEW TABLE AS new_listings
    FOR EACH STATEMENT EXECUTE FUNCTION post_refresh_listings_changed();

DROP TRIGGER IF EXISTS listings_post_refresh_updated ON listings;
CREATE TRIGGER listings_post_refresh_updated
    AFTER UPDATE ON listings
    REFERENCING OLD TABLE AS old_listings NEW TABLE AS new_listings
    FOR EACH STATEMENT EXECUTE FUNCTION post_refresh_listings_changed();

DROP TRIGGER IF EXISTS listings_post_refresh_deleted ON listings;
CREATE TRIGGER listings_post_refresh_deleted
    AFTER DELETE ON listings
    REFERENCING OLD TABLE AS old_listings
    FOR EACH STATEMENT EXECUTE FUNCTION post_refresh_listings_changed();

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

-- Papers' totals changed in place (the snapshot trigger adds each write's changes): one pass adds the differences
-- of the papers whose reposts or likes changed, their listings probed by paper (listings_arxiv_id_idx; OFFSET 0
-- keeps the probe, which a hash join over the whole listings table would replace: a cost that grows with the
-- history). A row whose key changed counts as removed and added.
CREATE OR REPLACE FUNCTION category_day_papers_updated() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO category_day_latest AS c (mailing_date, category, papers, posted_papers, reposts, likes)
    SELECT l.mailing_date, l.category, 0, 0, sum(n.reposts - o.reposts), sum(n.likes - o.likes)
    FROM new_papers n
    JOIN old_papers o ON o.arxiv_id = n.arxiv_id AND (o.reposts <> n.reposts OR o.likes <> n.likes)
    CROSS JOIN LATERAL (SELECT l.mailing_date, l.category FROM listings l WHERE l.arxiv_id = n.arxiv_id
                        OFFSET 0) l
    GROUP BY l.mailing_date, l.category
    ORDER BY l.mailing_date, l.category
    ON CONFLICT (mailing_date, category) DO UPDATE
        SET reposts = c.reposts + EXCLUDED.reposts, likes = c.likes + EXCLUDED.likes;
    PERFORM category_day_add_papers(-1, array_agg(arxiv_id), array_agg(reposts), array_agg(likes))
    FROM old_papers o WHERE NOT EXISTS (SELECT FROM new_papers n WHERE n.arxiv_id = o.arxiv_id)
    HAVING count(*) > 0;
    PERFORM category_day_add_papers(1, array_agg(arxiv_id), array_agg(reposts), array_agg(likes))
    FROM new_papers n WHERE NOT EXISTS (SELECT FROM old_papers o WHERE o.arxiv_id = n.arxiv_id)
    HAVING count(*) > 0;
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

-- ---------------------------------------------------------------------------------------------------------------
-- paper_source_hourly (V25): per paper, source and UTC hour, the change of the totals and the posts captured.
-- Its own functions and triggers, apart from the rollups above (new snapshots come through the snapshot trigger,
-- post_latest_refresh, which takes the papers' locks once for every rollup): a change of posts' snapshots, gone
-- time, bot flag or links adds the difference between the posts' contributions after and before it, computed from
-- the hour of the change onward (the hours before it contribute the same either way).
-- ---------------------------------------------------------------------------------------------------------------

-- The hourly contributions of posts, from each one's hour p_since onward, in variants: p_sign 1 for the state
-- after a change (counted positively), -1 for the state before it (with p_gone and p_automated as they were, and
-- without the snapshots of the batch p_batch_keys/p_batch_at). A post counts its last snapshot of each hour until
-- the first hour that does not end before it was gone; its first hour adds one post; its stop hour subtracts what
-- it had; every hour with a capture is a round (captures), gone or not. Bots' posts contribute nothing.
CREATE OR REPLACE FUNCTION post_hourly_contribution(p_keys bigint[], p_since timestamptz[], p_sign integer[],
                                                    p_gone timestamptz[], p_automated boolean[],
                                                    p_batch_keys bigint[], p_batch_at timestamptz[])
    RETURNS TABLE (post_key bigint, hour timestamptz, captures integer, reposts numeric, likes numeric,
                   replies numeric, quotes numeric, posts integer)
    LANGUAGE sql STABLE AS
$$
WITH variant AS (
    SELECT v.post_key, v.since, v.sign,
           date_trunc('hour', (v.gone_at - interval '1 hour') AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
               + interval '1 hour' AS stops
    FROM unnest(p_keys, p_since, p_sign, p_gone, p_automated) AS v (post_key, since, sign, gone_at, automated)
    WHERE NOT v.automated
), post AS (
    SELECT DISTINCT post_key, since FROM variant
), batch AS (
    SELECT b.post_key, b.captured_at FROM unnest(p_batch_keys, p_batch_at) AS b (post_key, captured_at)
), ranged AS (
    -- the snapshots from the hour of the change onward (the batch's among them)
    SELECT s.post_key, s.captured_at, s.reposts, s.likes, s.replies, s.quotes,
           date_trunc('hour', s.captured_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour
    FROM post k
    JOIN post_snapshots s ON s.post_key = k.post_key AND s.captured_at >= k.since
), base AS (
    -- the last snapshot before that hour: the same before and after (a batch is never before its own hour)
    SELECT k.post_key, b.hour, b.reposts, b.likes, b.replies, b.quotes
    FROM post k
    CROSS JOIN LATERAL (
        SELECT date_trunc('hour', s.captured_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour,
               s.reposts, s.likes, s.replies, s.quotes
        FROM post_snapshots s
        WHERE k.since > '-infinity' AND s.post_key = k.post_key AND s.captured_at < k.since
        ORDER BY s.captured_at DESC LIMIT 1) b
), hourly AS (
    SELECT DISTINCT ON (v.sign, v.post_key, r.hour) v.sign, v.post_key, v.stops, r.hour, r.reposts, r.likes,
           r.replies, r.quotes
    FROM variant v
    JOIN ranged r ON r.post_key = v.post_key
    WHERE v.sign > 0 OR NOT EXISTS (SELECT 1 FROM batch b
                                    WHERE b.post_key = r.post_key AND b.captured_at = r.captured_at)
    ORDER BY v.sign, v.post_key, r.hour, r.captured_at DESC
), counted AS (
    SELECT sign, post_key, stops, hour, reposts, likes, replies, quotes, true AS in_range
    FROM hourly WHERE stops IS NULL OR hour < stops
    UNION ALL
    SELECT v.sign, v.post_key, v.stops, b.hour, b.reposts, b.likes, b.replies, b.quotes, false
    FROM variant v JOIN base b ON b.post_key = v.post_key
    WHERE v.stops IS NULL OR b.hour < v.stops
), steps AS (
    SELECT sign, post_key, stops, hour, in_range, reposts, likes, replies, quotes,
           lag(hour) OVER post AS previous_hour,
           reposts - coalesce(lag(reposts) OVER post, 0) AS d_reposts,
           likes - coalesce(lag(likes) OVER post, 0) AS d_likes,
           replies - coalesce(lag(replies) OVER post, 0) AS d_replies,
           quotes - coalesce(lag(quotes) OVER post, 0) AS d_quotes,
           row_number() OVER (PARTITION BY sign, post_key ORDER BY hour DESC) AS from_last
    FROM counted
    WINDOW post AS (PARTITION BY sign, post_key ORDER BY hour)
)
SELECT post_key, hour, 0, sign * d_reposts, sign * d_likes, sign * d_replies, sign * d_quotes,
       CASE WHEN previous_hour IS NULL THEN sign ELSE 0 END
FROM steps WHERE in_range
UNION ALL
SELECT post_key, hour, sign, 0, 0, 0, 0, 0 FROM hourly
UNION ALL
SELECT s.post_key, s.stops, 0, -s.sign * s.reposts, -s.sign * s.likes, -s.sign * s.replies, -s.sign * s.quotes,
       -s.sign
FROM steps s JOIN variant v ON v.post_key = s.post_key AND v.sign = s.sign
WHERE s.from_last = 1 AND s.stops IS NOT NULL AND s.stops >= v.since
$$;

-- The links a change applies to: the given ones, or else every link of the posts.
CREATE OR REPLACE FUNCTION paper_source_hourly_links(p_keys bigint[], p_link_keys bigint[], p_link_papers text[])
    RETURNS TABLE (post_key bigint, arxiv_id text)
    LANGUAGE sql STABLE AS
$$
SELECT pp.post_key, pp.arxiv_id FROM post_papers pp WHERE p_link_keys IS NULL AND pp.post_key = ANY (p_keys)
UNION ALL
SELECT l.post_key, l.arxiv_id FROM unnest(p_link_keys, p_link_papers) AS l (post_key, arxiv_id)
WHERE p_link_keys IS NOT NULL
$$;

-- Adds hourly differences (one per paper, source and hour; written in key order, so that writers lock rows in one
-- order) to paper_source_hourly and removes the rows they leave at zero. Differences all zero change nothing.
CREATE OR REPLACE FUNCTION paper_source_hourly_apply(p_ids text[], p_sources text[], p_hours timestamptz[],
                                                     p_captures bigint[], p_reposts numeric[], p_likes numeric[],
                                                     p_replies numeric[], p_quotes numeric[], p_posts bigint[])
    RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    zero_ids     text[];
    zero_sources text[];
    zero_hours   timestamptz[];
BEGIN
    WITH added AS (
        INSERT INTO paper_source_hourly AS h (arxiv_id, source, hour, captures, reposts, likes, replies, quotes, posts)
        SELECT d.arxiv_id, d.source, d.hour, d.captures, d.reposts, d.likes, d.replies, d.quotes, d.posts
        FROM unnest(p_ids, p_sources, p_hours, p_captures, p_reposts, p_likes, p_replies, p_quotes, p_posts)
             AS d (arxiv_id, source, hour, captures, reposts, likes, replies, quotes, posts)
        WHERE d.captures <> 0 OR d.reposts <> 0 OR d.likes <> 0 OR d.replies <> 0 OR d.quotes <> 0 OR d.posts <> 0
        ORDER BY d.arxiv_id, d.source, d.hour
        ON CONFLICT (arxiv_id, source, hour) DO UPDATE
            SET captures = h.captures + EXCLUDED.captures, reposts = h.reposts + EXCLUDED.reposts,
                likes = h.likes + EXCLUDED.likes, replies = h.replies + EXCLUDED.replies,
                quotes = h.quotes + EXCLUDED.quotes, posts = h.posts + EXCLUDED.posts
        RETURNING h.arxiv_id, h.source, h.hour, h.captures, h.reposts, h.likes, h.replies, h.quotes, h.posts
    )
    SELECT array_agg(arxiv_id), array_agg(source), array_agg(hour) INTO zero_ids, zero_sources, zero_hours
    FROM added
    WHERE captures = 0 AND reposts = 0 AND likes = 0 AND replies = 0 AND quotes = 0 AND posts = 0;
    IF zero_ids IS NOT NULL THEN
        DELETE FROM paper_source_hourly h
        USING unnest(zero_ids, zero_sources, zero_hours) AS z (arxiv_id, source, hour)
        WHERE h.arxiv_id = z.arxiv_id AND h.source = z.source AND h.hour = z.hour
          AND h.captures = 0 AND h.reposts = 0 AND h.likes = 0 AND h.replies = 0 AND h.quotes = 0 AND h.posts = 0;
    END IF;
END
$$;

-- Adds the contributions of post_hourly_contribution to the papers the posts link (or to the links
-- p_link_keys/p_link_papers alone), under the papers' advisory locks of refresh_paper_latest, so that two
-- writers of one post add their differences one after the other. Rows left at zero are removed.
CREATE OR REPLACE FUNCTION paper_source_hourly_add(p_keys bigint[], p_since timestamptz[], p_sign integer[],
                                                   p_gone timestamptz[], p_automated boolean[],
                                                   p_batch_keys bigint[], p_batch_at timestamptz[],
                                                   p_link_keys bigint[], p_link_papers text[])
    RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    IF cardinality(p_keys) IS NULL OR cardinality(p_keys) = 0 THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(738001, bucket)
    FROM (SELECT DISTINCT abs(hashtext(l.arxiv_id) % 64) AS bucket
          FROM paper_source_hourly_links(p_keys, p_link_keys, p_link_papers) l) buckets
    ORDER BY bucket;
    PERFORM paper_source_hourly_apply(array_agg(d.arxiv_id), array_agg(d.source), array_agg(d.hour),
                                      array_agg(d.captures), array_agg(d.reposts), array_agg(d.likes),
                                      array_agg(d.replies), array_agg(d.quotes), array_agg(d.posts))
    FROM (SELECT l.arxiv_id, p.source, c.hour, sum(c.captures) AS captures, sum(c.reposts) AS reposts,
                 sum(c.likes) AS likes, sum(c.replies) AS replies, sum(c.quotes) AS quotes, sum(c.posts) AS posts
          FROM post_hourly_contribution(p_keys, p_since, p_sign, p_gone, p_automated, p_batch_keys, p_batch_at) c
          JOIN paper_source_hourly_links(p_keys, p_link_keys, p_link_papers) l ON l.post_key = c.post_key
          JOIN posts p ON p.post_key = c.post_key
          GROUP BY l.arxiv_id, p.source, c.hour) d;
END
$$;

-- New snapshots (called by the snapshot trigger, post_latest_refresh, under the papers' advisory locks, with each
-- post's change, the batch's links with their posts, and the batch's snapshots as arrays sorted by post and time).
-- The usual batch brings one snapshot per post, newer than the post's others and in a later hour than its latest
-- before: its hour gains the capture and the change since that latest (the change's old counts: post_latest held
-- the post's newest snapshot; the first adds one post), and for a gone post that still counted then, its stop hour
-- subtracts that change too. No history is read for it. Every other post (several snapshots, a late one, a second
-- in its hour) takes the general way: its contribution from the hour of its earliest new snapshot, with the batch
-- minus without.
CREATE OR REPLACE FUNCTION paper_source_hourly_snapshots_add(changes post_snapshot_change[], l_keys bigint[],
                                                             l_papers text[], l_sources text[],
                                                             l_gone timestamptz[], l_automated boolean[],
                                                             batch_keys bigint[], batch_at timestamptz[])
    RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    keys      bigint[];
    since     timestamptz[];
    signs     integer[];
    gone      timestamptz[];
    automated boolean[];
    b_keys    bigint[];
    b_sources text[];
    b_gone    timestamptz[];
    b_hours   timestamptz[];
    b_simple  boolean[];
    b_first   boolean[];
    b_reposts numeric[];
    b_likes   numeric[];
    b_replies numeric[];
    b_quotes  numeric[];
BEGIN
    SELECT array_agg(b.post_key), array_agg(p.source), array_agg(p.gone_at), array_agg(h.hour),
           array_agg(b.n = 1 AND (c.old_captured_at IS NULL OR c.old_captured_at < h.hour)),
           array_agg(c.old_captured_at IS NULL),
           array_agg(c.new_reposts - coalesce(c.old_reposts, 0)), array_agg(c.new_likes - coalesce(c.old_likes, 0)),
           array_agg(c.new_replies - coalesce(c.old_replies, 0)), array_agg(c.new_quotes - coalesce(c.old_quotes, 0))
    INTO b_keys, b_sources, b_gone, b_hours, b_simple, b_first, b_reposts, b_likes, b_replies, b_quotes
    FROM (SELECT n.post_key, min(n.captured_at) AS first_at, count(*) AS n
          FROM unnest(batch_keys, batch_at) AS n (post_key, captured_at) GROUP BY n.post_key) b
    JOIN (SELECT DISTINCT l.post_key, l.source, l.gone_at
          FROM unnest(l_keys, l_sources, l_gone, l_automated) AS l (post_key, source, gone_at, automated)
          WHERE NOT l.automated) p ON p.post_key = b.post_key
    JOIN unnest(changes) c ON c.post_key = b.post_key
    CROSS JOIN LATERAL (SELECT date_trunc('hour', b.first_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour) h;
    IF b_keys IS NULL THEN
        RETURN;
    END IF;
    PERFORM paper_source_hourly_apply(array_agg(arxiv_id), array_agg(source), array_agg(hour), array_agg(captures),
                                      array_agg(reposts), array_agg(likes), array_agg(replies), array_agg(quotes),
                                      array_agg(posts))
    FROM (
        WITH batch AS (
            SELECT * FROM unnest(b_keys, b_sources, b_gone, b_hours, b_simple, b_first, b_reposts, b_likes, b_replies,
                                 b_quotes)
                     AS c (post_key, source, gone_at, hour, simple, first_post, reposts, likes, replies, quotes)
        ), stops AS (
            SELECT c.*, date_trunc('hour', (c.gone_at - interval '1 hour') AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                        + interval '1 hour' AS stops
            FROM batch c WHERE c.simple
        ), changes AS (
            SELECT post_key, source, hour, 1 AS captures,
                   CASE WHEN counted THEN reposts ELSE 0 END AS reposts,
                   CASE WHEN counted THEN likes ELSE 0 END AS likes,
                   CASE WHEN counted THEN replies ELSE 0 END AS replies,
                   CASE WHEN counted THEN quotes ELSE 0 END AS quotes,
                   CASE WHEN counted AND first_post THEN 1 ELSE 0 END AS posts
            FROM (SELECT *, stops IS NULL OR hour < stops AS counted FROM stops) c
            UNION ALL
            SELECT post_key, source, stops, 0, -reposts, -likes, -replies, -quotes,
                   CASE WHEN first_post THEN -1 ELSE 0 END
            FROM stops WHERE hour < stops
        )
        SELECT pp.arxiv_id, c.source, c.hour, sum(c.captures) AS captures, sum(c.reposts) AS reposts,
               sum(c.likes) AS likes, sum(c.replies) AS replies, sum(c.quotes) AS quotes, sum(c.posts) AS posts
        FROM changes c JOIN unnest(l_keys, l_papers) AS pp (post_key, arxiv_id) ON pp.post_key = c.post_key
        GROUP BY pp.arxiv_id, c.source, c.hour
    ) summed;
    SELECT array_agg(c.post_key ORDER BY c.post_key, v.sign), array_agg(c.hour ORDER BY c.post_key, v.sign),
           array_agg(v.sign ORDER BY c.post_key, v.sign), array_agg(c.gone_at ORDER BY c.post_key, v.sign),
           array_agg(false ORDER BY c.post_key, v.sign)
    INTO keys, since, signs, gone, automated
    FROM unnest(b_keys, b_hours, b_gone, b_simple) AS c (post_key, hour, gone_at, simple)
    CROSS JOIN (VALUES (1), (-1)) AS v (sign)
    WHERE NOT c.simple;
    IF keys IS NOT NULL THEN
        PERFORM paper_source_hourly_add(keys, since, signs, gone, automated,
                                        ARRAY(SELECT n.post_key FROM unnest(batch_keys, batch_at) AS n (post_key, at)
                                              WHERE n.post_key = ANY (keys) ORDER BY n.post_key, n.at),
                                        ARRAY(SELECT n.at FROM unnest(batch_keys, batch_at) AS n (post_key, at)
                                              WHERE n.post_key = ANY (keys) ORDER BY n.post_key, n.at),
                                        NULL, NULL);
    END IF;
END
$$;

-- A post gone, back, or newly flagged as a bot's: its whole contribution as it is now minus as it was.
CREATE OR REPLACE FUNCTION paper_source_hourly_post_changed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM paper_source_hourly_add(ARRAY[NEW.post_key, NEW.post_key], ARRAY['-infinity', '-infinity']::timestamptz[],
                                    ARRAY[1, -1], ARRAY[NEW.gone_at, OLD.gone_at],
                                    ARRAY[NEW.automated, OLD.automated], NULL, NULL, NULL, NULL);
    RETURN NULL;
END
$$;

-- New links: the post's whole contribution, to the newly linked papers alone.
CREATE OR REPLACE FUNCTION paper_source_hourly_links_added() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    keys      bigint[];
    since     timestamptz[];
    signs     integer[];
    gone      timestamptz[];
    automated boolean[];
BEGIN
    SELECT array_agg(p.post_key), array_agg('-infinity'::timestamptz), array_agg(1), array_agg(p.gone_at),
           array_agg(p.automated)
    INTO keys, since, signs, gone, automated
    FROM posts p WHERE p.post_key IN (SELECT post_key FROM new_links) AND NOT p.automated;
    PERFORM paper_source_hourly_add(keys, since, signs, gone, automated, NULL, NULL,
                                    ARRAY(SELECT post_key FROM new_links ORDER BY post_key, arxiv_id),
                                    ARRAY(SELECT arxiv_id FROM new_links ORDER BY post_key, arxiv_id));
    RETURN NULL;
END
$$;

-- new snapshots: called by post_latest_refresh (one trigger, one set of locks); the separate trigger of schema 25 goes
DROP TRIGGER IF EXISTS post_snapshots_paper_source_hourly ON post_snapshots;
DROP FUNCTION IF EXISTS paper_source_hourly_snapshots_added();

DROP TRIGGER IF EXISTS posts_paper_source_hourly ON posts;
CREATE TRIGGER posts_paper_source_hourly
    AFTER UPDATE OF gone_at, automated ON posts
    FOR EACH ROW WHEN (OLD.gone_at IS DISTINCT FROM NEW.gone_at OR OLD.automated IS DISTINCT FROM NEW.automated)
    EXECUTE FUNCTION paper_source_hourly_post_changed();

DROP TRIGGER IF EXISTS post_papers_paper_source_hourly ON post_papers;
CREATE TRIGGER post_papers_paper_source_hourly
    AFTER INSERT ON post_papers
    REFERENCING NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION paper_source_hourly_links_added();
-- ---------------------------------------------------------------------------------------------------------------
-- end of paper_source_hourly
-- ---------------------------------------------------------------------------------------------------------------
