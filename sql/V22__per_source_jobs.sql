-- Each source has its own daemon jobs now (discovery:x, refresh:x, ...) instead of one discovery and one snapshots
-- job looping over the sources. Before this version only X was collected, so the old rows are X's: they keep
-- their last success and last error under the new names, and an old row never shadows a new one.
INSERT INTO job_health (job, scheduled_since, last_success_at, last_failure_at, last_error, last_node)
SELECT CASE job WHEN 'discovery' THEN 'discovery:x' ELSE 'refresh:x' END,
       scheduled_since, last_success_at, last_failure_at, last_error, last_node
FROM job_health
WHERE job IN ('discovery', 'snapshots')
ON CONFLICT (job) DO NOTHING;

DELETE FROM job_health WHERE job IN ('discovery', 'snapshots');

-- What each source's rate limiter last heard per endpoint (X: x-rate-limit-limit/-remaining/-reset), written by
-- whichever process made the request, so that `status` and every node's /metrics show it, not only the process
-- that holds the limiter.
CREATE TABLE source_rate_limits (
    source        text        NOT NULL,
    endpoint      text        NOT NULL,
    request_limit bigint      CHECK (request_limit >= 0),
    remaining     bigint      NOT NULL CHECK (remaining >= 0),
    reset_at      timestamptz NOT NULL,
    seen_at       timestamptz NOT NULL,
    PRIMARY KEY (source, endpoint)
);
