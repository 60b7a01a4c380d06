package io.hotpapers.scheduler.cli;

import org.jdbi.v3.core.Handle;

/**
 * The day the command tests share: one paper listed in cs.LG on 2021-05-11 and an X post linking it, with the
 * post's snapshot of the next morning (5,214 retweets, 439 likes).
 */
final class FixtureDay {
    private FixtureDay() {
    }

    static void insert(Handle handle) {
        handle.execute("""
                INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, primary_category, categories,
                                    submitted_at, last_updated_at, ingested_at, updated_at)
                VALUES ('2105.04026', 1, 'The Modern Mathematics of Deep Learning', 'We describe the new field.',
                        ARRAY['Julius Berner', 'Björn Ommer'], 'cs.LG', ARRAY['cs.LG', 'stat.ML'],
                        '2021-05-09T19:47:43Z', '2021-05-09T19:47:43Z', now(), now())
                """);
        handle.execute("INSERT INTO listings VALUES ('2021-05-11', 'cs.LG', '2105.04026', 'new')");
        handle.execute("""
                INSERT INTO posts (post_key, source, post_id, author_id, author_handle, author_name, text, lang,
                                   created_at, first_seen_at)
                VALUES (1, 'x', '1392023521585475589', '1', 'StatMLPapers', 'Stat.ML Papers', 'Read it https://t.co/x', 'en',
                        '2021-05-11T06:10:02Z', '2021-05-11T07:00:00Z')
                """);
        handle.execute("INSERT INTO post_papers VALUES (1, '2105.04026')");
        handle.execute("SELECT ensure_post_snapshot_partition('2021-05-12T08:00:00Z')");
        handle.execute("""
                INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes)
                VALUES (1, '2021-05-12T08:00:00Z', 5214, 439, 3, 4)
                """);
    }
}
