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
