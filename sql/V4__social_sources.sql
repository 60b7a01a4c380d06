-- Social collection beyond the first schema: which network a post and a snapshot came from, where each
-- paper's discovery stands (so later rounds read only newer posts), and how many posts were read per month
-- (X bills per post read; the configured monthly cap is enforced against this table).

ALTER TABLE tweets ADD COLUMN source text NOT NULL DEFAULT 'x';
ALTER TABLE tweet_snapshots ADD COLUMN source text NOT NULL DEFAULT 'x';

-- The newest post id discovery has seen for a paper, per source: the since_id of its next round.
CREATE TABLE discovery_cursors (
    source         text        NOT NULL,
    arxiv_id       text        NOT NULL,
    newest_post_id bigint      NOT NULL,
    searched_at    timestamptz NOT NULL,
    PRIMARY KEY (source, arxiv_id)
);

CREATE TABLE social_usage (
    source     text   NOT NULL,
    month      date   NOT NULL CHECK (extract(day FROM month) = 1),
    posts_read bigint NOT NULL DEFAULT 0 CHECK (posts_read >= 0),
    requests   bigint NOT NULL DEFAULT 0 CHECK (requests >= 0),
    PRIMARY KEY (source, month)
);
