package io.hotpapers.bench;

import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.trends.TrendsQuery;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Scenario 3: query latency over a generated history (at scale 1: 1M papers, 5M tweets, 50M snapshots), p50 and
 * p95 of the digest, {@code trends paper}, {@code trends top --days 7} and the 30-day category rollup. Every day
 * lists 4,000 papers in ten categories, each linked by five tweets: denser than any real arXiv day.
 */
final class QueryBench {
    private static final List<String> CATEGORIES = List.of("cs.LG", "cs.AI", "cs.CL", "cs.CV", "stat.ML", "math.OC",
            "physics.optics", "q-bio.NC", "econ.EM", "eess.SP");
    private static final int PAPERS_PER_DAY = 4000;
    private static final int WARM_UP_RUNS = 5;
    private static final int RUNS = 20;

    /** @param jdbcUrl an existing database to use (and keep), or null for a throwaway embedded one */
    void run(double scale, String jdbcUrl) throws Exception {
        long papers = (long) (1_000_000 * scale);
        try (BenchDatabase bench = new BenchDatabase(jdbcUrl)) {
            Jdbi jdbi = bench.database.jdbi();
            long generation = System.nanoTime();
            long existing = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM papers")
                    .mapTo(Long.class).one());
            if (existing == 0) {
                generate(jdbi, papers);
            } else if (existing != papers) {
                throw new IllegalStateException("the database holds " + existing + " papers, not " + papers
                        + ": use an empty database or the scale that generated it");
            }
            long snapshots = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM post_snapshots")
                    .mapTo(Long.class).one());
            System.out.printf("queries: %s %,d papers, %,d tweets, %,d snapshots in %.0f s%n",
                    existing == 0 ? "generated" : "reused", papers, papers * 5,
                    snapshots, (System.nanoTime() - generation) / 1e9);
            long days = papers / PAPERS_PER_DAY;
            LocalDate first = LocalDate.parse("2021-01-04");
            LocalDate middle = first.plusDays(days / 2);
            Instant now = first.plusDays(days + 1).atStartOfDay().toInstant(ZoneOffset.UTC);
            DigestQuery digest = new DigestQuery(jdbi, new PaperStore(jdbi, Clock.systemUTC()));
            TrendsQuery trends = new TrendsQuery(jdbi);
            DigestParameters defaults = DigestParameters.defaults(List.of(ConfigLoader.DEFAULT_CATEGORIES.split(",")));
            DigestParameters everything = DigestParameters.defaults(CATEGORIES);
            String paper = id(papers / 2);
            report("digest, default categories", 100, () -> digest.rank(middle, now, defaults));
            report("digest, all ten categories", 100, () -> digest.rank(middle, now, everything));
            report("trends paper", 20, () -> trends.series(paper, Instant.EPOCH));
            report("trends top --days 7", 500, () -> trends.top(7, null, TrendsQuery.By.TOTAL, 20, now));
            report("trends top --days 7 --by velocity", 500,
                    () -> trends.top(7, null, TrendsQuery.By.VELOCITY, 20, now));
            report("category_engagement_daily, 30 days", 200, () -> trends.categories(30, now));
        }
    }

    private static String id(long number) {
        return (2101 + number / 100_000) + "." + String.format("%05d", number % 100_000);
    }

    private static void report(String name, long targetMillis, Supplier<?> query) {
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            query.get(); // caches, plans and the JIT, as in the long-running daemon
        }
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            query.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        double p50 = millis[RUNS / 2];
        double p95 = millis[(int) Math.ceil(RUNS * 0.95) - 1];
        System.out.printf("queries: %-36s p50 %8.1f ms  p95 %8.1f ms  (target <= %d ms: %s)%n", name, p50, p95,
                targetMillis, p95 <= targetMillis ? "met" : "MISSED");
    }

    /** Generates the history inside PostgreSQL (set-based, like COPY), then refreshes the planner statistics. */
    private static void generate(Jdbi jdbi, long papers) {
        String categories = "ARRAY['" + String.join("','", CATEGORIES) + "']";
        List<String> statements = new ArrayList<>(List.of(
                "INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, primary_category, categories, "
                        + "submitted_at, last_updated_at, ingested_at, updated_at) "
                        + "SELECT (2101 + g / 100000)::text || '.' || lpad((g % 100000)::text, 5, '0'), 1, 'Paper ' || g, "
                        + "'Abstract', ARRAY['A. Author'], c, ARRAY[c], t, t, t, t "
                        + "FROM generate_series(0, " + (papers - 1) + ") g, "
                        + "LATERAL (SELECT (" + categories + ")[1 + g % 10] AS c, "
                        + "timestamptz '2021-01-03 12:00Z' + (g / " + PAPERS_PER_DAY + ") * interval '1 day' AS t) x",
                "INSERT INTO listings (mailing_date, category, arxiv_id, announce_type) "
                        + "SELECT date '2021-01-04' + (g / " + PAPERS_PER_DAY + ")::int, (" + categories + ")[1 + g % 10], "
                        + "(2101 + g / 100000)::text || '.' || lpad((g % 100000)::text, 5, '0'), 'new' "
                        + "FROM generate_series(0, " + (papers - 1) + ") g",
                "INSERT INTO posts (post_key, source, post_id, author_id, author_handle, author_name, text, lang, "
                        + "created_at, first_seen_at) "
                        + "SELECT g, 'x', g::text, (g % 100000)::text, 'u' || (g % 100000), 'User', 'A tweet', 'en', "
                        + "timestamptz '2021-01-04' + ((g / 5) / " + PAPERS_PER_DAY + ") * interval '1 day', "
                        + "timestamptz '2021-01-04' + ((g / 5) / " + PAPERS_PER_DAY + ") * interval '1 day' "
                        + "FROM generate_series(0, " + (papers * 5 - 1) + ") g",
                "INSERT INTO post_papers (post_key, arxiv_id) "
                        + "SELECT g, (2101 + (g / 5) / 100000)::text || '.' || lpad(((g / 5) % 100000)::text, 5, '0') "
                        + "FROM generate_series(0, " + (papers * 5 - 1) + ") g"));
        long days = papers / PAPERS_PER_DAY + 2;
        for (long day = 0; day <= days + 30; day += 28) {
            statements.add("SELECT ensure_post_snapshot_partition(timestamptz '2021-01-04' + interval '" + day
                    + " days')");
        }
        statements.add("SELECT ensure_post_snapshot_partition(timestamptz '2021-01-04' + interval '" + (days + 12)
                + " days')");
        // ten rounds per tweet: hourly, then six-hourly, then daily, like the refresh policy
        statements.add("INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes) "
                + "SELECT g, timestamptz '2021-01-04 10:00Z' + ((g / 5) / " + PAPERS_PER_DAY
                + ") * interval '1 day' + (ARRAY[0, 1, 2, 3, 6, 12, 24, 48, 96, 192])[r] * interval '1 hour', "
                + "(g % 13) * r, (g % 41) * r, g % 3, g % 2 FROM generate_series(0, " + (papers * 5 - 1) + ") g, "
                + "generate_series(1, 10) r");
        statements.add("ANALYZE");
        for (String statement : statements) {
            jdbi.useHandle(handle -> handle.execute(statement));
        }
    }
}
