-- Pay-per-use billing (issue 18). X bills each post it returns once per UTC day however often it is returned
-- that day, and each user object every time it is returned; budgets are in money.

-- The posts billed per source and UTC day: a post already here for the day is free to read again that day.
-- Rows of past days are only history; hotpapers prunes those older than 40 days at each start.
CREATE TABLE social_billed_posts (
    source  text NOT NULL,
    day     date NOT NULL,
    post_id text NOT NULL,
    PRIMARY KEY (source, day, post_id)
);

-- What was billed per source and UTC day: spend today, and the month's as the sum of its days.
CREATE TABLE social_spend_daily (
    source       text           NOT NULL,
    day          date           NOT NULL,
    posts_billed bigint         NOT NULL DEFAULT 0 CHECK (posts_billed >= 0),
    users_billed bigint         NOT NULL DEFAULT 0 CHECK (users_billed >= 0),
    spend        numeric(16, 6) NOT NULL DEFAULT 0 CHECK (spend >= 0),
    PRIMARY KEY (source, day)
);

-- The month's row, locked by every reservation, now counts billed posts (re-reads of a day not included), the
-- user objects billed and the money spent.
ALTER TABLE social_usage
    ADD COLUMN users_read bigint         NOT NULL DEFAULT 0 CHECK (users_read >= 0),
    ADD COLUMN spend      numeric(16, 6) NOT NULL DEFAULT 0 CHECK (spend >= 0);

-- Reservations hold money beside posts and are no longer added to social_usage while open (the cap and budget
-- checks add the open ones; a settled answer adds what was billed): the posts of the open ones of the old kind move
-- out of posts_read, the rows stay, to be settled or released as before.
UPDATE social_usage u SET posts_read = greatest(0, u.posts_read - r.posts)
FROM (SELECT source, month, sum(posts) AS posts FROM social_reservations GROUP BY source, month) r
WHERE u.source = r.source AND u.month = r.month;
ALTER TABLE social_reservations
    ADD COLUMN amount numeric(16, 6) NOT NULL DEFAULT 0 CHECK (amount >= 0);

-- How many counted posts of a digest were last read before its cutoff's UTC day (inexact counts), for status.
ALTER TABLE digests ADD COLUMN stale_counts integer CHECK (stale_counts >= 0);

-- Authors already stored with their handle need no user object (billed by X) when another of their posts is found.
CREATE INDEX posts_known_author_idx ON posts (source, author_id) WHERE author_handle IS NOT NULL;
