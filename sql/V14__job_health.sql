-- The last outcome of each daemon job (one row per Quartz job), written by whichever cluster node ran it, so
-- that /health and `status` on any node see whether a job is failing or overdue. ingest_runs cannot tell this:
-- a job that had nothing to do (no mailing tonight, X off) leaves no run there.
CREATE TABLE job_health (
    job             text        PRIMARY KEY,
    scheduled_since timestamptz NOT NULL,
    last_success_at timestamptz,
    last_failure_at timestamptz,
    last_error      text,
    last_node       text
);
