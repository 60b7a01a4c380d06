-- Engagement counts are 64-bit: a post's count is a bigint (X documents no upper bound, and a count of 2^31 or
-- more must be stored exactly, never wrapped), and the rollups' sums over many posts are numeric, which cannot
-- overflow (a sum of bigint counts may exceed 2^63 - 1). Readers cap a numeric sum at 2^63 - 1.
--
-- The engagement views depend on these columns, so they are dropped here and created again by
-- R__engagement_views.sql, which Flyway runs after the versioned migrations. The rollup trigger functions now
-- live in R__rollup_functions.sql; the one whose signature changes (bigint[] to numeric[]) is dropped here.
-- Changing a column type rewrites tweet_snapshots: on a history of tens of millions of rows this takes minutes.

DROP VIEW IF EXISTS category_engagement_daily;
DROP VIEW IF EXISTS paper_engagement_latest;
DROP VIEW IF EXISTS paper_engagement_series;

ALTER TABLE tweet_snapshots
    ALTER COLUMN retweet_count TYPE bigint,
    ALTER COLUMN like_count TYPE bigint,
    ALTER COLUMN reply_count TYPE bigint,
    ALTER COLUMN quote_count TYPE bigint,
    ALTER COLUMN bookmark_count TYPE bigint;

ALTER TABLE tweet_latest
    ALTER COLUMN retweet_count TYPE bigint,
    ALTER COLUMN like_count TYPE bigint,
    ALTER COLUMN reply_count TYPE bigint,
    ALTER COLUMN quote_count TYPE bigint;

ALTER TABLE paper_latest
    ALTER COLUMN retweets TYPE numeric,
    ALTER COLUMN likes TYPE numeric,
    ALTER COLUMN replies TYPE numeric,
    ALTER COLUMN quotes TYPE numeric;

ALTER TABLE category_day_latest
    ALTER COLUMN retweets TYPE numeric,
    ALTER COLUMN likes TYPE numeric;

DROP FUNCTION IF EXISTS category_day_add_papers(integer, text[], bigint[], bigint[]);
