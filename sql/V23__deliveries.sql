-- Deliveries of digests to their readers (email, Slack, Discord, a signed webhook): one row per digest content and
-- channel, holding the exact payload, so that a retry after a restart sends the same bytes and a rerun of an
-- unchanged digest sends nothing. A changed digest of an already delivered date gets a new row marked correction.
CREATE TABLE deliveries (
    delivery_id     bigserial   PRIMARY KEY,
    mailing_date    date        NOT NULL,
    watchlist       text        NOT NULL DEFAULT '' CHECK (watchlist ~ '^([a-z0-9][a-z0-9_-]{0,63})?$'),
    channel         text        NOT NULL CHECK (channel IN ('email', 'slack', 'discord', 'webhook')),
    content_sha256  text        NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    correction      boolean     NOT NULL DEFAULT false,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'superseded')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    claimed_by      text,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    UNIQUE (mailing_date, watchlist, channel, content_sha256)
);

CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status IN ('pending', 'sending');
