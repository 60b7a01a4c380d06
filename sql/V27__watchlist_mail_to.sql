-- A watchlist's own e-mail recipients (issue 21): its e-mail goes to them instead of HOTPAPERS_MAIL_TO. Addresses are
-- not secrets, but they reach a mail header: the bounds here repeat the application's (Watchlist), so a row written by
-- hand holds no line break and no unbounded list. The SMTP settings stay in the environment.
ALTER TABLE watchlists ADD COLUMN mail_to text[] NOT NULL DEFAULT '{}'
    CHECK (cardinality(mail_to) <= 50
           AND array_position(mail_to, NULL) IS NULL
           AND octet_length(array_to_string(mail_to, ',')) <= 50 * 255
           AND array_to_string(mail_to, ',') !~ '[[:cntrl:][:space:]<>"]');
ALTER TABLE watchlists ADD CONSTRAINT watchlists_mail_to_needs_email
    CHECK (cardinality(mail_to) = 0 OR 'email' = ANY (channels));

-- A delivery is once per (digest content, channel) and, for e-mail to a watchlist's own recipients, per recipient
-- list: the hash of the sorted addresses ('' for a channel's configured target). A changed list gets the next digest;
-- a content already sent to the old list is not sent again (DeliveryStore.enqueue).
ALTER TABLE deliveries ADD COLUMN recipients_sha256 text NOT NULL DEFAULT ''
    CHECK (recipients_sha256 ~ '^([0-9a-f]{64})?$');
ALTER TABLE deliveries DROP CONSTRAINT deliveries_mailing_date_watchlist_channel_content_sha256_key;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_once
    UNIQUE (mailing_date, watchlist, channel, content_sha256, recipients_sha256);
