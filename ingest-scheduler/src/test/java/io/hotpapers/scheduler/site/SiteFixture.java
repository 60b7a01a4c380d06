package io.hotpapers.scheduler.site;

import io.hotpapers.core.digest.DigestFormat;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.scheduler.App;
import io.hotpapers.scheduler.cli.CliContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * A database with three digests (2021-05-10 to 2021-05-12) of three papers, one of them with a hostile title, their
 * posts captured over three days; made through the real stores and the real digest service.
 */
final class SiteFixture {
    static final String HOSTILE_TITLE = "Attention <script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"> Is All";
    static final List<LocalDate> DATES = List.of(LocalDate.parse("2021-05-10"), LocalDate.parse("2021-05-11"),
            LocalDate.parse("2021-05-12"));

    private SiteFixture() {
    }

    /** Fills the database and stores the three digests; returns the started app (the caller stops it). */
    static App build(PostgresExtension postgres, Path home) {
        return build(postgres, home, Map.of(), handle -> { });
    }

    /**
     * The same, with these settings added to the environment (e-mail delivery, DIGEST_SITE_URL…) and more data
     * stored before the digests are made.
     */
    static App build(PostgresExtension postgres, Path home, Map<String, String> settings,
                     Consumer<Handle> moreData) {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> {
            paper(handle, "2105.04026", "The Modern Mathematics of Deep Learning", "cs.LG", "{cs.LG,stat.ML}");
            paper(handle, "2105.01601", HOSTILE_TITLE, "cs.CL", "{cs.CL}");
            paper(handle, "2105.05233", "Diffusion Models Beat GANs on Image Synthesis", "cs.LG", "{cs.LG,cs.CV}");
            listing(handle, "2021-05-10", "cs.LG", "2105.04026");
            listing(handle, "2021-05-10", "cs.CL", "2105.01601");
            listing(handle, "2021-05-11", "cs.LG", "2105.05233");
            listing(handle, "2021-05-12", "cs.LG", "2105.04026");
            handle.execute("SELECT ensure_post_snapshot_partition('2021-05-10T12:00:00Z')");
            handle.execute("SELECT ensure_post_snapshot_partition('2021-05-11T12:00:00Z')");
            handle.execute("SELECT ensure_post_snapshot_partition('2021-05-12T12:00:00Z')");
            handle.execute("SELECT ensure_post_snapshot_partition('2021-05-13T12:00:00Z')");
            post(handle, 1, "1392023521585475589", "StatMLPapers", "Stat.ML Papers",
                    "The mathematics of deep learning https://arxiv.org/abs/2105.04026", "2105.04026");
            post(handle, 2, "1392023521585475590", "karpathy", "Andrej <b>K</b>",
                    "Read this one https://arxiv.org/abs/2105.01601", "2105.01601");
            post(handle, 3, "1392023521585475591", "ak92501", "AK", "Diffusion beats GANs https://arxiv.org/abs/2105.05233",
                    "2105.05233");
            snapshot(handle, 1, "2021-05-10T18:00:00Z", 40, 120);
            snapshot(handle, 1, "2021-05-11T18:00:00Z", 300, 900);
            snapshot(handle, 1, "2021-05-12T18:00:00Z", 410, 1200);
            snapshot(handle, 2, "2021-05-10T20:00:00Z", 80, 200);
            snapshot(handle, 3, "2021-05-11T20:00:00Z", 500, 2500);
            snapshot(handle, 3, "2021-05-12T20:00:00Z", 700, 3100);
            moreData.accept(handle);
        });
        App app = new CliContext(environment(postgres, home, settings), home,
                MutableClock.at("2021-05-13T09:00:00Z"),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .startApp(config(postgres, home, settings));
        for (LocalDate date : DATES) {
            app.digests().write(date, DigestParameters.defaults(List.of("cs.LG", "cs.CL", "cs.CV", "stat.ML")),
                    Instant.parse(date.plusDays(1) + "T08:00:00Z"), EnumSet.of(DigestFormat.JSON),
                    home.resolve("digests"));
        }
        return app;
    }

    static Map<String, String> environment(PostgresExtension postgres, Path home) {
        return environment(postgres, home, Map.of());
    }

    private static Map<String, String> environment(PostgresExtension postgres, Path home,
                                                   Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.putAll(settings);
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("HOTPAPERS_CATEGORIES", "cs.LG,cs.CL,cs.CV,stat.ML");
        environment.putIfAbsent("SITE_URL", "https://papers.example.org/"); // "" = not set
        return environment;
    }

    private static io.hotpapers.core.config.HotpapersConfig config(PostgresExtension postgres, Path home,
                                                                   Map<String, String> settings) {
        return new io.hotpapers.core.config.ConfigLoader(environment(postgres, home, settings), home,
                io.hotpapers.core.category.CategoryTaxonomy.load()).load();
    }

    private static void paper(Handle handle, String id, String title, String primary, String categories) {
        handle.createUpdate("""
                        INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, primary_category,
                                            categories, submitted_at, last_updated_at, ingested_at, updated_at)
                        VALUES (:id, 1, :title, 'We study things. <b>Bold</b> claims.', ARRAY['Ada Lovelace', 'Alan Turing'],
                                :primary, CAST(:categories AS text[]), '2021-05-07T19:47:43Z', '2021-05-07T19:47:43Z',
                                now(), now())
                        """)
                .bind("id", id).bind("title", title).bind("primary", primary).bind("categories", categories)
                .execute();
    }

    private static void listing(Handle handle, String date, String category, String id) {
        handle.createUpdate("INSERT INTO listings VALUES (CAST(:date AS date), :category, :id, 'new')")
                .bind("date", date).bind("category", category).bind("id", id).execute();
    }

    private static void post(Handle handle, long key, String postId, String handleName, String name, String text,
                             String arxivId) {
        post(handle, "x", key, postId, handleName, name, text, arxivId);
    }

    /** A post of a source linking the paper. */
    static void post(Handle handle, String source, long key, String postId, String handleName, String name,
                     String text, String arxivId) {
        handle.createUpdate("""
                        INSERT INTO posts (post_key, source, post_id, author_id, author_handle, author_name, text, lang,
                                           created_at, first_seen_at)
                        VALUES (:key, :source, :postId, :key, :handle, :name, :text, 'en', '2021-05-10T06:10:02Z',
                                '2021-05-10T07:00:00Z')
                        """)
                .bind("key", key).bind("source", source).bind("postId", postId).bind("handle", handleName)
                .bind("name", name)
                .bind("text", text).execute();
        handle.createUpdate("INSERT INTO post_papers VALUES (:key, :id)").bind("key", key).bind("id", arxivId).execute();
    }

    static void snapshot(Handle handle, long key, String at, long reposts, long likes) {
        handle.createUpdate("""
                        INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes)
                        VALUES (:key, CAST(:at AS timestamptz), :reposts, :likes, 3, 4)
                        """)
                .bind("key", key).bind("at", at).bind("reposts", reposts).bind("likes", likes).execute();
    }
}
