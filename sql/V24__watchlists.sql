-- Watchlists (issue 21): a reader's keywords, authors and categories, a minimum score and the configured delivery
-- channels its daily digest goes to. Only channel names are stored, never a webhook URL or an address: those are
-- secrets or personal settings that stay in the environment. Bounds here repeat the application's (Watchlist), so a
-- row written by hand cannot make a digest unbounded.
CREATE TABLE watchlists (
    name       text        PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    keywords   text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(keywords) <= 100),
    authors    text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(authors) <= 100),
    categories text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(categories) <= 100),
    min_score  integer     NOT NULL DEFAULT 0 CHECK (min_score >= 0),
    channels   text[]      NOT NULL DEFAULT '{}'
                           CHECK (channels <@ ARRAY['email', 'slack', 'discord', 'webhook']::text[]),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CHECK (cardinality(keywords) + cardinality(authors) + cardinality(categories) > 0)
);

-- A watchlist's digests are stored beside the daily digest ('' is the daily digest), each keeping its own rows.
ALTER TABLE digests ADD COLUMN watchlist text NOT NULL DEFAULT ''
    CHECK (watchlist ~ '^([a-z0-9][a-z0-9_-]{0,63})?$');
ALTER TABLE digests DROP CONSTRAINT digests_mailing_date_cutoff_parameters_key;
ALTER TABLE digests ADD CONSTRAINT digests_mailing_date_watchlist_cutoff_parameters_key
    UNIQUE (mailing_date, watchlist, cutoff, parameters);
