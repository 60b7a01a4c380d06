package io.hotpapers.bench;

import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.core.trends.TrendsQuery.SeriesPoint;
import io.hotpapers.core.trends.TrendsQuery.TopPaper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Scenario "queries": the read path at the default refresh schedule's density. 31 mailing days of papers in ten
 * categories (4,000 a day at scale 1), five posts each, and one paper with 500 posts; every post is captured at the
 * refresh policy's times after its paper's announcement (hourly on day 1, six-hourly to day 7, daily to day 30: 71
 * captures) up to "now", the 31st day. Timed, after each result is checked against the generator's own arithmetic
 * (row count and a checksum): the digest of the first day (whose posts have all 71 snapshots) for ten categories
 * at now and {@code --as-of} three days after its announcement (the history path), {@code trends paper} of the
 * 500-post paper and {@code trends top --days 7 --by velocity}.
 */
final class QueryBench {
    private static final List<String> CATEGORIES = List.of("cs.LG", "cs.AI", "cs.CL", "cs.CV", "stat.ML", "math.OC",
            "physics.optics", "q-bio.NC", "econ.EM", "eess.SP");
    private static final int DAYS = 31;
    private static final int POSTS_PER_PAPER = 5;
    private static final int VIRAL_POSTS = 500;
    private static final String VIRAL = "2609.00001";
    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-10-01");
    /** Where a paper's age starts (TrendsQuery's velocity and the refresh policy: its first mailing date). */
    private static final ZoneId MAILING_ZONE = ZoneId.of("America/New_York");
    /** A round's posts are read a second apart from 10 minutes into its hour, wrapping within the hour. */
    private static final int ROUND_SPREAD_SECONDS = 3000;

    private final List<Long> captureHours = captureHours(RefreshPolicy.standard());
    private int papersPerDay;
    private long regularPosts;
    private Instant now;

    /**
     * @param jdbcUrl an existing database (kept afterwards): generated into when empty, queried again when it holds
     *     the history of the same scale; or null for a throwaway embedded one
     */
    void run(double scale, String jdbcUrl) throws Exception {
        papersPerDay = (int) Math.max(10, Math.round(4000 * scale));
        regularPosts = (long) papersPerDay * DAYS * POSTS_PER_PAPER;
        now = announced(DAYS - 1).plus(Duration.ofHours(20));
        try (BenchDatabase bench = new BenchDatabase(jdbcUrl)) {
            Jdbi jdbi = bench.database.jdbi();
            long start = System.nanoTime();
            boolean generated = generate(jdbi);
            long snapshots = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM post_snapshots")
                    .mapTo(Long.class).one());
            System.out.printf("queries: %s %,d papers (%,d a day over %d days + one of %d posts), %,d posts, "
                            + "%,d snapshots (policy: %d captures per post over 30 days) in %.0f s; %s%n",
                    generated ? "generated" : "reused", (long) papersPerDay * DAYS + 1, papersPerDay, DAYS, VIRAL_POSTS, regularPosts + VIRAL_POSTS,
                    snapshots, captureHours.size(), (System.nanoTime() - start) / 1e9, load());

            DigestQuery digest = new DigestQuery(jdbi, new PaperStore(jdbi, Clock.systemUTC()));
            TrendsQuery trends = new TrendsQuery(jdbi);
            DigestParameters tenCategories = DigestParameters.defaults(CATEGORIES);
            LocalDate day = FIRST_DAY;
            Instant asOf = announced(0).plus(Duration.ofDays(3)).plusSeconds(1800);

            check("digest, ten categories, now", expectedDigest(now, tenCategories.minScore()),
                    digestChecksum(digest.rank(day, now, tenCategories)));
            time("digest, ten categories, now", 100, () -> digest.rank(day, now, tenCategories));
            check("digest --as-of, ten categories", expectedDigest(asOf, tenCategories.minScore()),
                    digestChecksum(digest.rank(day, asOf, tenCategories)));
            time("digest --as-of, ten categories", 100, () -> digest.rank(day, asOf, tenCategories));
            check("trends paper (500 posts)", expectedSeries(), seriesChecksum(trends.series(VIRAL, Instant.EPOCH)));
            time("trends paper (500 posts)", 20, () -> trends.series(VIRAL, Instant.EPOCH));
            check("trends top --days 7 --by velocity", expectedVelocity(),
                    topChecksum(trends.top(7, null, TrendsQuery.By.VELOCITY, 20, now)));
            time("trends top --days 7 --by velocity", 300,
                    () -> trends.top(7, null, TrendsQuery.By.VELOCITY, 20, now));
        }
    }

    /** Row count and checksum of a result. */
    record Checked(int rows, long checksum) {
    }

    private static void check(String name, Checked expected, Checked actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(name + ": " + actual.rows() + " rows, checksum " + actual.checksum()
                    + "; the generator's arithmetic gives " + expected.rows() + " rows, checksum "
                    + expected.checksum());
        }
        System.out.printf("queries: %-36s checked: %,d rows, checksum %d%n", name, actual.rows(), actual.checksum());
    }

    private static void time(String name, long targetMillis, Supplier<?> query) {
        String before = load();
        double[] millis = Timing.repeat(query);
        System.out.printf("queries: %-36s min %7.1f  median %7.1f  p95 %7.1f  max %7.1f ms  (%d runs; target p95 "
                        + "<= %d ms: %s; %s, after: %s)%n", name, millis[0], millis[1], millis[2], millis[3],
                Timing.RUNS, targetMillis, millis[2] <= targetMillis ? "met" : "MISSED", before, load());
    }

    /** The load average, as {@code uptime} shows it: the machine is shared, so each figure carries it. */
    static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load " + fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "load unknown";
        }
    }

    /** The policy's capture times in hours after the announcement: each interval from the age it applies at. */
    static List<Long> captureHours(RefreshPolicy policy) {
        List<Long> hours = new ArrayList<>();
        Duration age = Duration.ZERO;
        while (policy.interval(age).isPresent()) {
            hours.add(age.toHours());
            age = age.plus(policy.interval(age).get());
        }
        return hours;
    }

    private static Instant announced(int day) {
        return ZonedDateTime.of(FIRST_DAY.plusDays(day), LocalTime.MIDNIGHT, MAILING_ZONE).toInstant();
    }

    private static String id(long paper) {
        return (2610 + paper / 100_000) + "." + String.format("%05d", paper % 100_000);
    }

    private long paperOf(long post) {
        return post / POSTS_PER_PAPER;
    }

    private int dayOf(long post) {
        return post < regularPosts ? (int) (paperOf(post) / papersPerDay) : 0;
    }

    /** Capture {@code i} (0-based) of a post: its round's hour after its paper's announcement, plus its place. */
    private Instant capture(long post, int i) {
        return announced(dayOf(post)).plus(Duration.ofHours(captureHours.get(i)))
                .plusSeconds(600 + post % ROUND_SPREAD_SECONDS);
    }

    /** How many of a post's snapshots were captured at or before the instant (and before now). */
    private int snapshotsAt(long post, Instant at) {
        int n = 0;
        while (n < captureHours.size() && !capture(post, n).isAfter(at) && capture(post, n).isBefore(now)) {
            n++;
        }
        return n;
    }

    /** Snapshot n (1-based) of a post: reposts n * (post % 7), likes n * (post % 13). */
    private static long score(long post, int n) {
        return n * (post % 7) + n * (post % 13);
    }

    private static long reposts(long post, int n) {
        return n * (post % 7);
    }

    private List<Long> postsOf(String arxivId, long paper) {
        List<Long> posts = new ArrayList<>();
        if (arxivId.equals(VIRAL)) {
            for (long post = regularPosts; post < regularPosts + VIRAL_POSTS; post++) {
                posts.add(post);
            }
        } else {
            for (long post = paper * POSTS_PER_PAPER; post < (paper + 1) * POSTS_PER_PAPER; post++) {
                posts.add(post);
            }
        }
        return posts;
    }

    /** The first day's papers ranked as the digest defines it: score, then reposts (both descending), then id. */
    private Checked expectedDigest(Instant cutoff, long minScore) {
        record Ranked(String id, long score, long reposts) {
        }
        List<Ranked> ranked = new ArrayList<>();
        for (long paper = 0; paper <= papersPerDay; paper++) {
            String arxivId = paper == papersPerDay ? VIRAL : id(paper);
            long score = 0;
            long reposts = 0;
            int counted = 0;
            for (long post : postsOf(arxivId, paper)) {
                int n = snapshotsAt(post, cutoff);
                if (n > 0) {
                    score += score(post, n);
                    reposts += reposts(post, n);
                    counted++;
                }
            }
            if (counted > 0 && score >= minScore) {
                ranked.add(new Ranked(arxivId, score, reposts));
            }
        }
        ranked.sort(Comparator.comparingLong(Ranked::score).reversed()
                .thenComparing(Comparator.comparingLong(Ranked::reposts).reversed())
                .thenComparing(Ranked::id));
        long checksum = 0;
        for (Ranked paper : ranked) {
            checksum = mix(checksum, paper.id(), paper.score());
        }
        return new Checked(ranked.size(), checksum);
    }

    private static Checked digestChecksum(List<DigestEntry> entries) {
        long checksum = 0;
        for (DigestEntry entry : entries) {
            checksum = mix(checksum, entry.paper().arxivId(), entry.score());
        }
        return new Checked(entries.size(), checksum);
    }

    /** One row per round (hour) of the 500 posts; round i holds every post's snapshot i: i times the sum at 1. */
    private Checked expectedSeries() {
        long atOne = 0;
        for (long post : postsOf(VIRAL, -1)) {
            atOne += score(post, 1);
        }
        long checksum = 0;
        for (int i = 1; i <= captureHours.size(); i++) {
            checksum = mix(checksum, Long.toString(VIRAL_POSTS), i * atOne);
        }
        return new Checked(captureHours.size(), checksum);
    }

    private static Checked seriesChecksum(List<SeriesPoint> series) {
        long checksum = 0;
        for (SeriesPoint point : series) {
            checksum = mix(checksum, Long.toString(point.tweets()), point.score());
        }
        return new Checked(series.size(), checksum);
    }

    /**
     * The 20 papers first listed in the 7 days before now's date (US Eastern) with the highest velocity: the score
     * gained over the last 24 hours over the paper's age in days (at least 1), ties by id; papers without engagement
     * are not ranked.
     */
    private Checked expectedVelocity() {
        LocalDate since = LocalDate.ofInstant(now, MAILING_ZONE).minusDays(7);
        Instant dayAgo = now.minus(Duration.ofDays(1));
        record Fast(String id, long gain, double velocity) {
        }
        List<Fast> fast = new ArrayList<>();
        for (int day = 0; day < DAYS; day++) {
            LocalDate mailing = FIRST_DAY.plusDays(day);
            if (mailing.isBefore(since)) {
                continue;
            }
            double age = Duration.between(announced(day), now).toMinutes() / (24.0 * 60);
            for (long paper = (long) day * papersPerDay; paper < (long) (day + 1) * papersPerDay; paper++) {
                long gain = 0;
                long score = 0;
                for (long post : postsOf(id(paper), paper)) {
                    score += score(post, snapshotsAt(post, now));
                    gain += score(post, snapshotsAt(post, now)) - score(post, snapshotsAt(post, dayAgo));
                }
                if (score > 0) {
                    fast.add(new Fast(id(paper), gain, gain / Math.max(1.0, age)));
                }
            }
        }
        fast.sort(Comparator.comparingDouble(Fast::velocity).reversed().thenComparing(Fast::id));
        long checksum = 0;
        for (Fast paper : fast.subList(0, Math.min(20, fast.size()))) {
            checksum = mix(checksum, paper.id(), paper.gain());
        }
        return new Checked(Math.min(20, fast.size()), checksum);
    }

    private static Checked topChecksum(List<TopPaper> top) {
        long checksum = 0;
        for (TopPaper paper : top) {
            checksum = mix(checksum, paper.arxivId(), paper.gain24h());
        }
        return new Checked(top.size(), checksum);
    }

    private static long mix(long checksum, String key, long value) {
        return checksum * 1_000_003 + key.hashCode() * 31L + value;
    }

    /**
     * Generates the history inside PostgreSQL (set-based, through the rollup triggers), one day per statement, unless
     * the database holds it already; returns whether it generated.
     */
    private boolean generate(Jdbi jdbi) {
        long existing = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM posts")
                .mapTo(Long.class).one());
        if (existing == regularPosts + VIRAL_POSTS) {
            return false;
        } else if (existing != 0) {
            throw new IllegalStateException("the database holds " + existing + " posts, not " + (regularPosts
                    + VIRAL_POSTS) + ": use an empty database or the scale that generated it");
        }
        String categories = "ARRAY['" + String.join("','", CATEGORIES) + "']";
        String hours = captureHours.toString().replace('[', '{').replace(']', '}');
        jdbi.useHandle(handle -> {
            for (int month = 0; month < 3; month++) {
                handle.execute("SELECT ensure_post_snapshot_partition(timestamptz '" + announced(0) + "' + interval '"
                        + month + " months')");
            }
            // the viral paper and its posts first, then day by day: the rollup triggers' work per statement stays
            // that of a day, as in production (one statement for the whole history makes some of them quadratic)
            handle.execute("INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, primary_category, "
                    + "categories, submitted_at, last_updated_at, ingested_at, updated_at) VALUES ('" + VIRAL + "', 1, "
                    + "'Viral', 'Abstract', ARRAY['A. Author'], 'cs.LG', ARRAY['cs.LG'], now(), now(), now(), now())");
            handle.execute("INSERT INTO listings (mailing_date, category, arxiv_id, announce_type) "
                    + "VALUES ('" + FIRST_DAY + "', 'cs.LG', '" + VIRAL + "', 'new')");
            posts(handle, regularPosts, regularPosts + VIRAL_POSTS - 1);
            snapshots(handle, 0, regularPosts, regularPosts + VIRAL_POSTS - 1, hours);
            for (int day = 0; day < DAYS; day++) {
                long firstPaper = (long) day * papersPerDay;
                long lastPaper = firstPaper + papersPerDay - 1;
                handle.execute("INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, "
                        + "primary_category, categories, submitted_at, last_updated_at, ingested_at, updated_at) "
                        + "SELECT (2610 + g / 100000)::text || '.' || lpad((g % 100000)::text, 5, '0'), 1, "
                        + "'Paper ' || g, 'Abstract', ARRAY['A. Author'], c, ARRAY[c], t, t, t, t "
                        + "FROM generate_series(" + firstPaper + ", " + lastPaper + ") g, "
                        + "LATERAL (SELECT (" + categories + ")[1 + g % 10] AS c, "
                        + "timestamptz '" + announced(day) + "' AS t) x");
                handle.execute("INSERT INTO listings (mailing_date, category, arxiv_id, announce_type) "
                        + "SELECT date '" + FIRST_DAY.plusDays(day) + "', (" + categories + ")[1 + g % 10], "
                        + "(2610 + g / 100000)::text || '.' || lpad((g % 100000)::text, 5, '0'), 'new' "
                        + "FROM generate_series(" + firstPaper + ", " + lastPaper + ") g");
                long first = firstPaper * POSTS_PER_PAPER;
                long last = first + (long) papersPerDay * POSTS_PER_PAPER - 1;
                posts(handle, first, last);
                snapshots(handle, day, first, last, hours);
            }
            handle.execute("ANALYZE");
        });
        return true;
    }

    /** Posts first..last (keys), linked five to a paper, or the viral paper's. */
    private void posts(Handle handle, long first, long last) {
        handle.execute("INSERT INTO posts (post_key, source, post_id, author_id, author_handle, author_name, text, "
                + "lang, created_at, first_seen_at) "
                + "SELECT g, 'x', g::text, (g % 100000)::text, 'u' || (g % 100000), 'User', 'A post', 'en', "
                + "timestamptz '" + announced(0) + "', timestamptz '" + announced(0) + "' "
                + "FROM generate_series(" + first + ", " + last + ") g");
        handle.execute("INSERT INTO post_papers (post_key, arxiv_id) "
                + "SELECT g, CASE WHEN g >= " + regularPosts + " THEN '" + VIRAL + "' ELSE "
                + "(2610 + (g / 5) / 100000)::text || '.' || lpad(((g / 5) % 100000)::text, 5, '0') END "
                + "FROM generate_series(" + first + ", " + last + ") g");
    }

    /** Snapshot i (1-based) of post g at the policy's i-th capture time: reposts i * (g % 7), likes i * (g % 13). */
    private void snapshots(Handle handle, int day, long first, long last, String hours) {
        handle.execute("INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes) "
                + "SELECT g, c.at, h.i * (g % 7), h.i * (g % 13), g % 3, g % 2 "
                + "FROM generate_series(" + first + ", " + last + ") g, "
                + "unnest('" + hours + "'::int[]) WITH ORDINALITY AS h (hour, i), "
                + "LATERAL (SELECT timestamptz '" + announced(day) + "' + h.hour * interval '1 hour' "
                + "+ (600 + g % " + ROUND_SPREAD_SECONDS + ") * interval '1 second' AS at) c "
                + "WHERE c.at < timestamptz '" + now + "'");
    }
}
