-- Metadata still owed for listed papers that arXiv's API did not return: each id's attempts, when to ask next
-- and, after the last attempt, when it was given up (a permanent skip that keeps its history). Ids whose fetch
-- failed outright (a network error) have no row: they are owed until fetched and asked again at every run.
CREATE TABLE metadata_attempts (
    arxiv_id         text        PRIMARY KEY
                                 CHECK (arxiv_id ~ '^([0-9]{4}\.[0-9]{4,5}|[a-z-]+(\.[A-Z]{2})?/[0-9]{7})$'),
    attempts         integer     NOT NULL CHECK (attempts >= 1),
    first_attempt_at timestamptz NOT NULL,
    last_attempt_at  timestamptz NOT NULL,
    next_attempt_at  timestamptz,
    gave_up_at       timestamptz,
    last_reason      text        NOT NULL,
    history          jsonb       NOT NULL DEFAULT '[]'::jsonb,
    CHECK ((gave_up_at IS NULL) = (next_attempt_at IS NOT NULL))
);
COMMENT ON COLUMN metadata_attempts.history IS 'every attempt as {"at": ..., "reason": ...}, oldest first';
CREATE INDEX metadata_attempts_due_idx ON metadata_attempts (next_attempt_at) WHERE gave_up_at IS NULL;
