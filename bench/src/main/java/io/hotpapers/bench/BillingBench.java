package io.hotpapers.bench;

import io.hotpapers.core.post.RefreshCandidate;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.social.BilledDayPlanner;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The cheapest exact digest: a simulated month of the default categories, priced by X's pay-per-use rules (a post
 * returned is billed once per UTC day, 0.005; a user object every time it is returned, 0.010), for three policies:
 * hotpapers' ({@link BilledDayPlanner}, the code under test, with hourly discovery that looks up only new
 * authors), "one search per paper at digest time" (daily-arxiv's approach) and "refresh on the fixed schedule,
 * unaware of daily billing" (hotpapers before issue 18: RefreshPolicy.standard, author expansions on every request).
 *
 * <p>The model (stated assumptions, not measurements):
 * <ul>
 *   <li>{@value #PAPERS_PER_DATE} papers per mailing date (cs.AI, cs.CL, cs.CV, cs.LG, stat.ML with cross-lists,
 *       2025-26 listing sizes), one mailing date a day for 30 days, so 30 digests;</li>
 *   <li>posts per paper heavy-tailed: {@value #SHARE_POSTED} of papers get any; their count is
 *       ceil(lognormal(0, 1.3)) capped at 1000 (median 1, a few papers in hundreds). Most scholarly articles get no
 *       tweet and a few get very many (Haustein, Costas, Larivière 2015, PLoS ONE 10(3): e0120495; Shuai, Pepe,
 *       Bollen 2012, PLoS ONE 7(11): e47523, for arXiv preprints);</li>
 *   <li>a post appears after its paper's announcement with a lognormal delay of median 10 h (σ 1.2): most mentions
 *       of an arXiv preprint come in its first days (Shuai et al. 2012); only those within the 7 active days;</li>
 *   <li>a post's reposts + likes grow as F × LogNormalCDF(age; median 1 h, σ 4.7), F = round(lognormal(1.0, 1.6)):
 *       half of a post's engagement within an hour, three quarters within a day (Kwak, Lee, Park, Moon 2010,
 *       "What is Twitter, a social network or a news media?", WWW'10, for retweets);</li>
 *   <li>authors drawn from 20,000 accounts with Zipf(1.1) activity (a few accounts post about many papers).</li>
 * </ul>
 * Rounds run hourly (discovery, then refresh); the digest of mailing date D is made at D+1 09:00 UTC right after
 * that hour's round, ranking papers with score ≥ 50 (the default). A digest is exact when its papers, order and
 * counts equal the truth at the cutoff. The minimum spend for exactness is computed from the generated posts
 * alone: every post billed once on the day it appears (discovery), every counted post once more on its digest's
 * day unless it appeared that day, every author once (posts and authors appearing after the month's last round
 * are left out: no policy can read them).
 */
final class BillingBench {
    static final int PAPERS_PER_DATE = 1500;
    static final double SHARE_POSTED = 0.3;
    static final int DAYS = 30;
    static final int MIN_SCORE = 50;
    static final double POST = 0.005;
    static final double USER = 0.010;
    private static final long HOUR = 3600;
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    record Post(int id, int paper, long created, double finalCount, double sigma, int author) {
        long countAt(long t) {
            if (t <= created) {
                return 0;
            }
            double hours = (t - created) / 3600.0;
            return (long) Math.floor(finalCount * phi(Math.log(hours) / sigma));
        }
    }

    record World(int papers, List<Post> posts, Map<Integer, List<Post>> byPaper) {
        int dateOf(int paper) {
            return paper / (papers / DAYS);
        }
    }

    record Outcome(String policy, double spend, int exact, long paidPosts, long users, long snapshots) {
    }

    private final double scale;

    BillingBench(double scale) {
        this.scale = scale;
    }

    void run() {
        System.out.printf("billing: simulated month, %d papers/date x %d dates (scale %.2f), X prices %.3f/post "
                + "(once per UTC day), %.3f/user object%n", Math.round(PAPERS_PER_DATE * scale), DAYS, scale, POST, USER);
        List<String> rows = new ArrayList<>();
        // more seeds for a spread: -Dbilling.seeds=4,5,6 (the README's table: the default 1, 2, 3)
        for (String seedText : System.getProperty("billing.seeds", "1,2,3").split(",")) {
            long seed = Long.parseLong(seedText.trim());
            World world = world(new Random(seed));
            double minimum = minimum(world);
            System.out.printf("seed %d: %,d posts, %,d linking the 30 digests' counted papers; minimum for "
                    + "exactness %.2f%n", seed, world.posts().size(), counted(world).size(), minimum);
            List<Outcome> outcomes = List.of(
                    hotpapers(world, minimum * 1.1, "hotpapers, budget 1.1 x minimum"),
                    hotpapers(world, 5.0, "hotpapers, budget 5.00 (default)"),
                    hotpapers(world, 50.0, "hotpapers, budget 50.00"),
                    hotpapers(world, 1e9, "hotpapers, no budget limit"),
                    oneSearchAtDigest(world),
                    fixedSchedule(world));
            for (Outcome outcome : outcomes) {
                String row = String.format("| %d | %s | %.2f | %.2fx | %d/30 | %,d | %,d |", seed, outcome.policy(),
                        outcome.spend(), outcome.spend() / minimum, outcome.exact(), outcome.paidPosts(),
                        outcome.snapshots());
                rows.add(row);
                System.out.println(row);
            }
        }
        System.out.println("| seed | policy | spend | × minimum | exact digests | posts billed | snapshots |");
        rows.forEach(System.out::println);
    }

    // --- the world ---

    private World world(Random random) {
        int perDate = (int) Math.round(PAPERS_PER_DATE * scale);
        int papers = perDate * DAYS;
        List<Post> posts = new ArrayList<>();
        Map<Integer, List<Post>> byPaper = new HashMap<>();
        double[] zipf = zipf(20_000, 1.1);
        for (int paper = 0; paper < papers; paper++) {
            if (random.nextDouble() >= SHARE_POSTED) {
                continue;
            }
            int count = (int) Math.min(1000, Math.ceil(Math.exp(1.3 * random.nextGaussian())));
            long announced = START.getEpochSecond() + (long) (paper / perDate) * 24 * HOUR;
            for (int i = 0; i < count; i++) {
                double delayHours = Math.exp(Math.log(10) + 1.2 * random.nextGaussian());
                if (delayHours >= 7 * 24) {
                    continue;
                }
                Post post = new Post(posts.size(), paper, announced + (long) (delayHours * HOUR),
                        Math.round(Math.exp(1.0 + 1.6 * random.nextGaussian())), 4.7, author(random, zipf));
                posts.add(post);
                byPaper.computeIfAbsent(paper, key -> new ArrayList<>()).add(post);
            }
        }
        return new World(papers, posts, byPaper);
    }

    private static double[] zipf(int n, double s) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    private static int author(Random random, double[] cumulative) {
        int index = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
        return index >= 0 ? index : -index - 1;
    }

    private static long cutoff(int date) {
        return START.getEpochSecond() + (long) (date + 1) * 24 * HOUR + 9 * HOUR;
    }

    private static long day(long t) {
        return Math.floorDiv(t, 24 * HOUR);
    }

    /** The posts counted by the 30 digests at their cutoffs (truth): those of papers reaching the threshold. */
    private static Set<Post> counted(World world) {
        Set<Post> counted = new HashSet<>();
        for (int date = 0; date < DAYS; date++) {
            long cutoff = cutoff(date);
            for (Map.Entry<Integer, Long> paper : truth(world, date).entrySet()) {
                world.byPaper().get(paper.getKey()).stream().filter(post -> post.created() <= cutoff)
                        .forEach(counted::add);
            }
        }
        return counted;
    }

    /** The papers of a date with their true scores at the cutoff, those reaching the threshold. */
    private static Map<Integer, Long> truth(World world, int date) {
        Map<Integer, Long> scores = new HashMap<>();
        long cutoff = cutoff(date);
        int perDate = world.papers() / DAYS;
        for (int paper = date * perDate; paper < (date + 1) * perDate; paper++) {
            long score = 0;
            for (Post post : world.byPaper().getOrDefault(paper, List.of())) {
                if (post.created() <= cutoff) {
                    score += post.countAt(cutoff);
                }
            }
            if (score >= MIN_SCORE) {
                scores.put(paper, score);
            }
        }
        return scores;
    }

    /**
     * Independent of the policies: discovery reads of the posts that appear within the simulated month (no policy
     * can read a post that appears after its last round), the counted posts' digest-day reads, every author once.
     */
    private static double minimum(World world) {
        List<Post> appeared = world.posts().stream().filter(post -> post.created() <= cutoff(DAYS - 1)).toList();
        double spend = appeared.size() * POST;
        for (Post post : counted(world)) {
            if (day(post.created()) != day(cutoff(world.dateOf(post.paper())))) {
                spend += POST;
            }
        }
        return spend + USER * appeared.stream().map(Post::author).distinct().count();
    }

    // --- billing as X does it ---

    private static final class Bill {
        final Set<Long> billedToday = new HashSet<>();
        long today = -1;
        double spend;
        double spentToday;
        long paidPosts;
        long users;

        boolean isBilledToday(Post post, long t) {
            rollOver(t);
            return billedToday.contains((long) post.id());
        }

        void readPost(Post post, long t) {
            rollOver(t);
            if (billedToday.add((long) post.id())) {
                spend += POST;
                spentToday += POST;
                paidPosts++;
            }
        }

        void readUser() {
            spend += USER;
            spentToday += USER;
            users++;
        }

        private void rollOver(long t) {
            if (day(t) != today) {
                today = day(t);
                billedToday.clear();
                spentToday = 0;
            }
        }
    }

    /** A policy's view of the posts: every read of each, {value, time}, as its snapshots. */
    private static final class Reads {
        final Map<Post, List<long[]>> history = new HashMap<>();
        final Map<Post, long[]> last = new HashMap<>(); // {value, time, previous value, previous time}
        long snapshots;

        void read(Post post, long t) {
            long[] previous = last.get(post);
            last.put(post, new long[] {post.countAt(t), t, previous == null ? post.countAt(t) : previous[0],
                    previous == null ? -1 : previous[1]});
            history.computeIfAbsent(post, key -> new ArrayList<>()).add(new long[] {post.countAt(t), t});
            snapshots++;
        }

        /** The latest read at or before the cutoff, as the digest query takes it. */
        long[] at(Post post, long cutoff) {
            long[] found = null;
            for (long[] read : history.getOrDefault(post, List.of())) {
                if (read[1] <= cutoff) {
                    found = read;
                }
            }
            return found;
        }
    }

    private static int exactDigests(World world, Reads reads) {
        int exact = 0;
        for (int date = 0; date < DAYS; date++) {
            long cutoff = cutoff(date);
            Map<Integer, Long> truth = truth(world, date);
            Map<Integer, Long> seen = new HashMap<>();
            Map<Integer, Integer> postsSeen = new HashMap<>();
            int perDate = world.papers() / DAYS;
            for (int paper = date * perDate; paper < (date + 1) * perDate; paper++) {
                long score = 0;
                int count = 0;
                for (Post post : world.byPaper().getOrDefault(paper, List.of())) {
                    long[] read = reads.at(post, cutoff);
                    if (read != null) {
                        score += read[0];
                        count++;
                    }
                }
                if (score >= MIN_SCORE) {
                    seen.put(paper, score);
                    postsSeen.put(paper, count);
                }
            }
            boolean countsExact = seen.equals(truth) && seen.keySet().stream().allMatch(paper ->
                    postsSeen.get(paper) == world.byPaper().get(paper).stream()
                            .filter(post -> post.created() <= cutoff).count());
            if (!countsExact && System.getenv("BENCH_DEBUG") != null) {
                for (Integer paper : truth.keySet()) {
                    if (!truth.get(paper).equals(seen.get(paper))) {
                        System.out.println("date " + date + " paper " + paper + " truth " + truth.get(paper) + " seen "
                                + seen.get(paper));
                        for (Post post : world.byPaper().get(paper)) {
                            long[] r = reads.at(post, cutoff);
                            System.out.println("  post " + post.id() + " created " + (post.created() - cutoff) / 3600.0
                                    + "h truth " + post.countAt(cutoff) + " read " + (r == null ? "none"
                                    : r[0] + " at " + (r[1] - cutoff) / 3600.0 + "h"));
                        }
                        break;
                    }
                }
            }
            exact += countsExact ? 1 : 0; // equal scores per paper: equal ranks, as ranking is a total order
        }
        return exact;
    }

    // --- the policies ---

    private Outcome hotpapers(World world, double budget, String name) {
        Bill bill = new Bill();
        Reads reads = new Reads();
        Set<Integer> knownAuthors = new HashSet<>();
        RefreshPolicy policy = RefreshPolicy.standard();
        Map<String, Post> byId = new HashMap<>();
        // the stored snapshots, as the planner's earlier readings
        BilledDayPlanner.EarlierReadings earlier = notAfter -> {
            Map<String, SnapshotStore.Reading> found = new HashMap<>();
            notAfter.forEach((id, at) -> {
                long[] read = reads.at(byId.get(id), at.getEpochSecond());
                if (read != null) {
                    found.put(id, new SnapshotStore.Reading(Instant.ofEpochSecond(read[1]), read[0]));
                }
            });
            return found;
        };
        BilledDayPlanner planner = new BilledDayPlanner(null, policy, LocalTime.of(9, 0), MIN_SCORE, BigDecimal.ONE,
                BilledDayPlanner.OtherSources.NONE, earlier);
        List<Post> byCreation = new ArrayList<>(world.posts());
        byCreation.sort(Comparator.comparingLong(Post::created));
        int next = 0;
        Map<String, Long> paidBy = new java.util.TreeMap<>();
        long end = cutoff(DAYS - 1);
        for (long t = START.getEpochSecond(); t <= end; t += HOUR) {
            // discovery: the posts that appeared since the last round, each billed; new authors looked up
            while (next < byCreation.size() && byCreation.get(next).created() <= t) {
                Post post = byCreation.get(next++);
                if (bill.spend + POST + USER > budget) {
                    continue; // the month's budget is spent: the post stays unfound
                }
                bill.readPost(post, t);
                if (knownAuthors.add(post.author())) {
                    bill.readUser();
                }
                reads.read(post, t);
                byId.put(Integer.toString(post.id()), post);
            }
            // refresh: the planner under test, with X's daily billing
            List<BilledDayPlanner.Candidate> candidates = new ArrayList<>();
            for (Map.Entry<Post, long[]> read : reads.last.entrySet()) {
                Post post = read.getKey();
                long announced = START.getEpochSecond() + (long) world.dateOf(post.paper()) * 24 * HOUR;
                if (t - announced >= 30 * 24 * HOUR) {
                    continue;
                }
                // the announcement instant as hotpapers stores it: midnight US Eastern of the mailing date
                Instant announcedAt = Instant.ofEpochSecond(announced).plus(Duration.ofHours(4));
                long[] last = read.getValue();
                candidates.add(new BilledDayPlanner.Candidate(new RefreshCandidate(Integer.toString(post.id()),
                        announcedAt, Instant.ofEpochSecond(last[1]), last[0] - last[2], last[0],
                        last[3] < 0 ? null : Instant.ofEpochSecond(last[3]), Instant.ofEpochSecond(post.created()),
                        List.of("paper-" + post.paper())), bill.isBilledToday(post, t)));
            }
            // the simulated month is the budget's month: from START to the round after the last digest
            BigDecimal remaining = BigDecimal.valueOf(Math.max(0, budget - bill.spend));
            BilledDayPlanner.Allowance allowance = new BilledDayPlanner.Allowance(remaining,
                    BigDecimal.valueOf(bill.spend), Duration.ofSeconds(t - START.getEpochSecond()),
                    Duration.ofSeconds(end + HOUR - t), BigDecimal.valueOf(POST));
            BilledDayPlanner.Plan plan = planner.plan(candidates, allowance, Instant.ofEpochSecond(t));
            for (String id : plan.reads()) {
                Post post = byId.get(id);
                if (!bill.isBilledToday(post, t) && bill.spend + POST > budget) {
                    break;
                }
                if (!bill.isBilledToday(post, t)) {
                    int date = world.dateOf(post.paper());
                    boolean deciding = day(cutoff(date)) == day(t) && t <= cutoff(date);
                    String kind = !deciding ? "history" : truth(world, date).containsKey(post.paper())
                            ? "deciding, counted" : "deciding, not counted";
                    paidBy.merge(kind, 1L, Long::sum);
                }
                bill.readPost(post, t);
                reads.read(post, t);
            }
        }
        // where the money went: the waste is what the "not counted" and "history" reads cost
        System.out.println("  " + name + ": paid refresh reads " + paidBy + "; discovery " + (bill.paidPosts
                - paidBy.values().stream().mapToLong(Long::longValue).sum()) + " posts, " + bill.users + " users");
        return new Outcome(name, bill.spend, exactDigests(world, reads), bill.paidPosts, bill.users, reads.snapshots);
    }

    private Outcome oneSearchAtDigest(World world) {
        Bill bill = new Bill();
        Reads reads = new Reads();
        for (int date = 0; date < DAYS; date++) {
            long cutoff = cutoff(date);
            int perDate = world.papers() / DAYS;
            for (int paper = date * perDate; paper < (date + 1) * perDate; paper++) {
                for (Post post : world.byPaper().getOrDefault(paper, List.of())) {
                    if (post.created() <= cutoff) {
                        bill.readPost(post, cutoff);
                        bill.readUser(); // the search expands every post's author
                        reads.read(post, cutoff);
                    }
                }
            }
        }
        return new Outcome("one search per paper at digest time", bill.spend, exactDigests(world, reads),
                bill.paidPosts, bill.users, reads.snapshots);
    }

    private Outcome fixedSchedule(World world) {
        Bill bill = new Bill();
        Reads reads = new Reads();
        RefreshPolicy policy = RefreshPolicy.standard();
        List<Post> byCreation = new ArrayList<>(world.posts());
        byCreation.sort(Comparator.comparingLong(Post::created));
        int next = 0;
        long end = cutoff(DAYS - 1);
        for (long t = START.getEpochSecond(); t <= end; t += HOUR) {
            while (next < byCreation.size() && byCreation.get(next).created() <= t) {
                Post post = byCreation.get(next++);
                bill.readPost(post, t);
                bill.readUser();
                reads.read(post, t);
            }
            for (Map.Entry<Post, long[]> read : new ArrayList<>(reads.last.entrySet())) {
                Post post = read.getKey();
                long announced = START.getEpochSecond() + (long) world.dateOf(post.paper()) * 24 * HOUR + 4 * HOUR;
                var interval = policy.interval(Duration.ofSeconds(t - announced));
                if (interval.isPresent() && read.getValue()[1] + interval.get().toSeconds() <= t) {
                    bill.readPost(post, t);
                    bill.readUser(); // every lookup expanded its authors
                    reads.read(post, t);
                }
            }
        }
        return new Outcome("fixed schedule, unaware of daily billing", bill.spend, exactDigests(world, reads),
                bill.paidPosts, bill.users, reads.snapshots);
    }

    /** The standard normal distribution function (Abramowitz and Stegun 7.1.26 via erf). */
    static double phi(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.sqrt(2));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-x * x / 2);
        return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
    }
}
