-- hotpapers core schema: papers and their listings, tweets and their engagement history,
-- rendered digests and the audit trail of ingestion runs.
-- Forward-only: change the schema in a new V<n>__*.sql file, never by editing an applied one.

-- A paper as the arXiv API describes its latest version. The key is the id without version
-- (new style 2105.04026, old style hep-th/9901001).
CREATE TABLE papers (
    arxiv_id          text        PRIMARY KEY
                                  CHECK (arxiv_id ~ '^([0-9]{4}\.[0-9]{4,5}|[a-z-]+(\.[A-Z]{2})?/[0-9]{7})$'),
    latest_version    integer     NOT NULL CHECK (latest_version >= 1),
    title             text        NOT NULL,
    abstract          text        NOT NULL,
    authors           text[]      NOT NULL,
    primary_category  text        NOT NULL,
    categories        text[]      NOT NULL CHECK (categories[1] = primary_category),
    submitted_at      timestamptz NOT NULL,
    last_updated_at   timestamptz NOT NULL,
    comment           text,
    journal_ref       text,
    doi               text,
    ingested_at       timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
COMMENT ON COLUMN papers.submitted_at IS 'submission time of version 1 (arXiv "published")';
COMMENT ON COLUMN papers.last_updated_at IS 'submission time of the latest version (arXiv "updated")';
COMMENT ON COLUMN papers.ingested_at IS 'when hotpapers first stored the paper';
COMMENT ON COLUMN papers.updated_at IS 'when hotpapers last changed the stored row';

-- Which paper was announced in which category's listing on which mailing date. No foreign key to
-- papers on purpose: a listing is recorded even while the paper's metadata is still to be fetched,
-- so listings without a papers row are exactly the metadata still owed.
CREATE TABLE listings (
    mailing_date  date NOT NULL,
    category      text NOT NULL,
    arxiv_id      text NOT NULL
                  CHECK (arxiv_id ~ '^([0-9]{4}\.[0-9]{4,5}|[a-z-]+(\.[A-Z]{2})?/[0-9]{7})$'),
    announce_type text NOT NULL CHECK (announce_type IN ('new', 'cross', 'replace', 'replace-cross')),
    PRIMARY KEY (mailing_date, category, arxiv_id)
);
CREATE INDEX listings_arxiv_id_idx ON listings (arxiv_id);

-- Original tweets that link at least one paper. Ids are X snowflakes: they fit a bigint.
CREATE TABLE tweets (
    tweet_id      bigint      PRIMARY KEY,
    author_id     bigint      NOT NULL,
    username      text,
    display_name  text,
    text          text        NOT NULL,
    lang          text,
    created_at    timestamptz NOT NULL,
    first_seen_at timestamptz NOT NULL,
    gone_at       timestamptz
);
COMMENT ON COLUMN tweets.gone_at IS 'first time X reported the tweet deleted, protected or suspended';

CREATE TABLE tweet_papers (
    tweet_id bigint NOT NULL REFERENCES tweets (tweet_id) ON DELETE CASCADE,
    arxiv_id text   NOT NULL
             CHECK (arxiv_id ~ '^([0-9]{4}\.[0-9]{4,5}|[a-z-]+(\.[A-Z]{2})?/[0-9]{7})$'),
    PRIMARY KEY (tweet_id, arxiv_id)
);
CREATE INDEX tweet_papers_arxiv_id_idx ON tweet_papers (arxiv_id, tweet_id);

-- Append-only engagement history: one row per tweet and capture time, partitioned by calendar month
-- (UTC) of captured_at so old months can be detached or archived without touching new ones.
CREATE TABLE tweet_snapshots (
    tweet_id         bigint      NOT NULL REFERENCES tweets (tweet_id) ON DELETE CASCADE,
    captured_at      timestamptz NOT NULL,
    retweet_count    integer     NOT NULL CHECK (retweet_count >= 0),
    like_count       integer     NOT NULL CHECK (like_count >= 0),
    reply_count      integer     NOT NULL CHECK (reply_count >= 0),
    quote_count      integer     NOT NULL CHECK (quote_count >= 0),
    bookmark_count   integer     CHECK (bookmark_count >= 0),
    impression_count bigint      CHECK (impression_count >= 0),
    PRIMARY KEY (tweet_id, captured_at)
) PARTITION BY RANGE (captured_at);

-- Creates the month partition that holds the given instant, if it is missing, and returns its name.
-- Writers call it before inserting; it is safe to call concurrently.
CREATE FUNCTION ensure_tweet_snapshot_partition(p_at timestamptz) RETURNS text
    LANGUAGE plpgsql AS
$$
DECLARE
    month_start    timestamp := date_trunc('month', p_at AT TIME ZONE 'UTC');
    partition_name text      := 'tweet_snapshots_' || to_char(month_start, 'YYYY_MM');
BEGIN
    IF to_regclass(partition_name) IS NULL THEN
        BEGIN
            EXECUTE format('CREATE TABLE %I PARTITION OF tweet_snapshots FOR VALUES FROM (%L) TO (%L)',
                           partition_name,
                           month_start AT TIME ZONE 'UTC',
                           (month_start + interval '1 month') AT TIME ZONE 'UTC');
        EXCEPTION
            WHEN duplicate_table OR unique_violation THEN
                NULL; -- another session created it first
        END;
    END IF;
    RETURN partition_name;
END
$$;

-- A rendered digest. The same mailing date, cutoff and parameters always identify the same digest.
CREATE TABLE digests (
    digest_id    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mailing_date date        NOT NULL,
    cutoff       timestamptz NOT NULL,
    parameters   jsonb       NOT NULL,
    generated_at timestamptz NOT NULL,
    entries      jsonb       NOT NULL,
    UNIQUE (mailing_date, cutoff, parameters)
);

-- Audit trail of every job run, and the checkpoint a backfill resumes from: a (job, scope) whose
-- latest run succeeded is done.
CREATE TABLE ingest_runs (
    run_id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job         text        NOT NULL,
    scope       text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    status      text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    counts      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    error       text,
    CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX ingest_runs_job_scope_idx ON ingest_runs (job, scope, started_at DESC);
