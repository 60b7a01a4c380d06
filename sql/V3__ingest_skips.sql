-- Items a run could not use (an entry without an id, an id arXiv did not return, an error entry), each with
-- the reason: nothing is dropped silently, and an operator can see exactly what was skipped and why.
CREATE TABLE ingest_skips (
    run_id  bigint NOT NULL REFERENCES ingest_runs (run_id) ON DELETE CASCADE,
    item    text   NOT NULL,
    reason  text   NOT NULL,
    PRIMARY KEY (run_id, item)
);
