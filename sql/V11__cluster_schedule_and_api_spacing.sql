-- One schedule per cluster: the settings that shape the daemon's jobs (times, intervals, categories, sources),
-- stored by the first node that starts and replaced only by 'daemon --reschedule'. A node whose settings differ
-- refuses to start instead of silently rewriting the shared Quartz triggers. One row: the key can only be true.
CREATE TABLE cluster_schedule (
    id          boolean     PRIMARY KEY DEFAULT true CHECK (id),
    settings    jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text        NOT NULL
);

-- Politeness across processes: when the last request to an API ended, by the database's clock. Every hotpapers
-- process on one database locks the API's row (SELECT ... FOR UPDATE) around each request, so all of them
-- together keep the API's minimum interval between requests.
CREATE TABLE api_spacing (
    api              text PRIMARY KEY,
    last_request_at  timestamptz
);

INSERT INTO api_spacing (api) VALUES ('arxiv');
