-- Snapshot writes closer to COPY speed, and narrower snapshot rows in partitions from before V15 (issue 19,
-- target 4).
--
-- The per-row foreign key from post_snapshots to posts goes: it ran one locking query per snapshot, a quarter of
-- a round's write. Integrity holds without it: the snapshot trigger (R__rollup_functions.sql) writes post_latest
-- for every post of the statement in that statement, and post_latest keeps its foreign key to posts (checked once
-- per post on its first snapshot; later snapshots update its row, whose lock makes a concurrent delete of the post
-- wait for the write and then cascade). A snapshot of a missing post therefore still fails its statement, and a
-- deleted post's snapshots are deleted by a statement trigger on posts instead of by the cascade.
--
-- The rollups of a snapshot write become incremental: the trigger adds each post's change (its latest counts after
-- the batch minus before) to the per-paper rows instead of recomputing every paper of the batch from all its
-- posts. post_snapshot_change is the change of one post that the trigger hands to each rollup.

DO
$$
DECLARE
    fk record;
BEGIN
    FOR fk IN
        SELECT conname FROM pg_constraint
        WHERE conrelid = 'post_snapshots'::regclass AND contype = 'f' AND confrelid = 'posts'::regclass
    LOOP
        EXECUTE format('ALTER TABLE post_snapshots DROP CONSTRAINT %I', fk.conname);
    END LOOP;
END
$$;

-- Month partitions created before V15 still carry the dropped column "source": with it a row that has a null
-- (bookmarks or impressions not given) needs a two-byte null bitmap and so a 32-byte header instead of 24. They are
-- rewritten without it, in key order (a post's snapshots of the month together), and attached again under their
-- names. The rows are copied as they are: the rollups do not change (no trigger fires on the detached table).
DO
$$
DECLARE
    part record;
BEGIN
    FOR part IN
        SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'post_snapshots'::regclass
          AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attisdropped)
        ORDER BY c.relname
    LOOP
        EXECUTE format('ALTER TABLE post_snapshots DETACH PARTITION %I', part.relname);
        EXECUTE format('ALTER TABLE %I RENAME TO %I', part.relname, part.relname || '_before_v26');
        EXECUTE format('CREATE TABLE %I (LIKE post_snapshots INCLUDING CONSTRAINTS)', part.relname);
        EXECUTE format('INSERT INTO %I (post_key, captured_at, reposts, likes, replies, quotes, bookmarks, impressions) '
                       'SELECT post_key, captured_at, reposts, likes, replies, quotes, bookmarks, impressions FROM %I '
                       'ORDER BY post_key, captured_at', part.relname, part.relname || '_before_v26');
        EXECUTE format('DROP TABLE %I', part.relname || '_before_v26');
        EXECUTE format('ALTER TABLE post_snapshots ATTACH PARTITION %I %s', part.relname, part.bound);
    END LOOP;
END
$$;

CREATE TYPE post_snapshot_change AS (
    post_key        bigint,
    old_captured_at timestamptz,
    old_reposts     bigint,
    old_likes       bigint,
    old_replies     bigint,
    old_quotes      bigint,
    new_captured_at timestamptz,
    new_reposts     bigint,
    new_likes       bigint,
    new_replies     bigint,
    new_quotes      bigint,
    new_previous_captured_at timestamptz,
    new_previous_score       numeric
);
COMMENT ON TYPE post_snapshot_change IS
    'one post''s latest snapshot before (old_*, null before its first) and after a snapshot write (new_*, and the one before it)';

-- Each snapshot write updates one post_latest row per post and one rollup row per paper, in place: room on each
-- page lets PostgreSQL keep the new row version on the same page without touching the index (a HOT update).
-- Applies to pages written from now on.
ALTER TABLE post_latest SET (fillfactor = 50);
ALTER TABLE paper_latest SET (fillfactor = 50);
ALTER TABLE paper_source_latest SET (fillfactor = 50);
ALTER TABLE paper_source_automated_latest SET (fillfactor = 50);
