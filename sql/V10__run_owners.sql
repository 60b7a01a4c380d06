-- Clean stops: every run records the process that runs it, so that a run whose process died (kill -9, power
-- loss, a lost cluster node) can be told from one still working and marked 'abandoned' at the next start.
-- 'interrupted' is a run stopped on purpose (Ctrl-C, SIGTERM) at a unit boundary; rerunning resumes it.
ALTER TABLE ingest_runs
    ADD COLUMN host               text,
    ADD COLUMN pid                bigint,
    -- the OS start time of that process: a pid reused by a later process does not keep a dead run alive
    ADD COLUMN process_started_at timestamptz,
    -- the Quartz instance of a daemon run: other hosts judge it by the cluster's check-ins
    ADD COLUMN scheduler_instance text;
ALTER TABLE ingest_runs DROP CONSTRAINT ingest_runs_status_check;
ALTER TABLE ingest_runs ADD CONSTRAINT ingest_runs_status_check
    CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted', 'abandoned'));
CREATE INDEX ingest_runs_running_idx ON ingest_runs (run_id) WHERE status = 'running';

-- An open post-budget reservation (already counted in social_usage.posts_read), with the process that holds it:
-- settled reservations are deleted; those of a dead process are given back at the next start of any process.
CREATE TABLE social_reservations (
    reservation_id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source             text        NOT NULL,
    month              date        NOT NULL,
    posts              bigint      NOT NULL CHECK (posts > 0),
    host               text        NOT NULL,
    pid                bigint      NOT NULL,
    process_started_at timestamptz,
    -- the database's clock: reservations of any host left open this long belong to a dead process
    reserved_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX social_reservations_owner_idx ON social_reservations (host, pid);
