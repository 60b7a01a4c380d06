package io.hotpapers.scheduler.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.paper.ArxivId;
import io.hotpapers.core.trends.TrendsQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hotpapers trends}: engagement over time, from the command line. */
@Command(name = "trends", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Engagement trends: 'trends paper ID', 'trends top', 'trends categories'.")
final class TrendsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand (paper, top or categories)");
    }

    /** Options every trends command shares. */
    abstract static class Output {
        @Spec
        CommandSpec spec;

        @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
                description = "table, csv or json (default: ${DEFAULT-VALUE}).")
        OutputFormat format;

        final ObjectMapper json = new ObjectMapper();

        /** Exit 2 with one line for an id that no source could have (the schema's rule for source ids). */
        void checkSource(String source) {
            if (source != null && !source.matches("[a-z][a-z0-9]{0,31}")) {
                throw new ParameterException(spec.commandLine(), "--source: not a source id: '" + source + "'");
            }
        }

        /**
         * The sources with a share in any row, in id order, and the one filtered on even without a share, so that
         * a filtered table always has that source's columns.
         */
        static <T> SortedSet<String> sourcesOf(Collection<T> rows,
                                               Function<T, Map<String, TrendsQuery.SourceShare>> shares,
                                               String filtered) {
            SortedSet<String> sources = new TreeSet<>();
            rows.forEach(row -> sources.addAll(shares.apply(row).keySet()));
            if (filtered != null) {
                sources.add(filtered);
            }
            return sources;
        }

        /** The columns of the totals, then two per source: {@code <source>_<score>} and {@code <source>_<count>}. */
        static String[] columns(List<String> totals, SortedSet<String> sources, String score, String count) {
            return Stream.concat(totals.stream(), sources.stream()
                            .flatMap(source -> Stream.of(source + "_" + score, source + "_" + count)))
                    .toArray(String[]::new);
        }

        /** A row's totals, then each source's share (0 and 0 when it has none). */
        static Object[] cells(SortedSet<String> sources, Map<String, TrendsQuery.SourceShare> shares,
                              Object... totals) {
            List<Object> cells = new ArrayList<>(Arrays.asList(totals));
            for (String source : sources) {
                TrendsQuery.SourceShare share = shares.getOrDefault(source, new TrendsQuery.SourceShare(0, 0));
                cells.add(share.score());
                cells.add(share.count());
            }
            return cells.toArray();
        }

        void checkChart(Path chart) {
            if (chart == null) {
                return;
            }
            if (!ChartWriter.supports(chart)) {
                throw new ParameterException(spec.commandLine(), "--chart " + chart + " must end in .svg or .png");
            }
            Path parent = chart.toAbsolutePath().getParent();
            if (Files.isDirectory(chart) || parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                throw new ParameterException(spec.commandLine(), "--chart " + chart + " cannot be written");
            }
        }

        static void draw(Path chart, String title, String label, Map<String, List<ChartWriter.Point>> series) {
            draw(chart, title, label, series, false);
        }

        static void draw(Path chart, String title, String label, Map<String, List<ChartWriter.Point>> series,
                         boolean daily) {
            try {
                ChartWriter.write(chart, title, label, series, daily);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + chart + ": " + e.getMessage(), e);
            }
        }
    }

    /** {@code trends paper ID}. */
    @Command(name = "paper", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "A paper's engagement per capture hour (tweets carried forward) and its gain per day.")
    static final class PaperTrend extends Output implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ID", description = "arXiv id (2105.04026, 2105.04026v2, hep-th/9901001).")
        String id;

        @Option(names = "--since", paramLabel = "DATE", converter = DateConverter.class,
                description = "First day (UTC) to show, YYYY-MM-DD.")
        LocalDate since;

        @Option(names = "--chart", paramLabel = "FILE", description = "Also draw the series into FILE.svg or FILE.png.")
        Path chart;

        @Option(names = "--source", paramLabel = "ID",
                description = "Only this source's engagement (x, ...), per hour one of its posts was captured.")
        String source;

        PaperTrend(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            String paper = ArxivId.parse(id).map(ArxivId::id).orElseThrow(() ->
                    new ParameterException(spec.commandLine(), "'" + id + "' is not an arXiv id"));
            checkChart(chart);
            checkSource(source);
            return context.withApp(context.config(), app -> {
                TrendsQuery trends = app.trends();
                if (!trends.isTracked(paper)) {
                    context.err().println("not tracked: " + paper);
                    return Cli.FAILURE;
                }
                Instant from = since == null ? Instant.EPOCH : since.atStartOfDay(ZoneOffset.UTC).toInstant();
                List<TrendsQuery.SeriesPoint> series = trends.series(paper, from, source);
                SortedSet<String> sources = sourcesOf(series, TrendsQuery.SeriesPoint::bySource, source);
                Tabular table = new Tabular(columns(List.of("time", "retweets", "likes", "replies", "quotes", "tweets",
                        "score", "gain"), sources, "score", "posts"));
                long previous = 0;
                for (TrendsQuery.SeriesPoint point : series) {
                    table.add(cells(sources, point.bySource(), point.hour().toString(), point.retweets(), point.likes(),
                            point.replies(), point.quotes(), point.tweets(), point.score(), point.score() - previous));
                    previous = point.score();
                }
                table.print(context.out(), format, json);
                if (format == OutputFormat.TABLE && !series.isEmpty()) {
                    context.out().println();
                    perDay(series).print(context.out(), format, json);
                }
                if (chart != null) {
                    Map<String, List<ChartWriter.Point>> lines = new LinkedHashMap<>();
                    lines.put("score", series.stream().map(p -> new ChartWriter.Point(p.hour(), p.score())).toList());
                    lines.put("retweets", series.stream().map(p -> new ChartWriter.Point(p.hour(), p.retweets())).toList());
                    lines.put("likes", series.stream().map(p -> new ChartWriter.Point(p.hour(), p.likes())).toList());
                    lines.put("replies", series.stream().map(p -> new ChartWriter.Point(p.hour(), p.replies())).toList());
                    lines.put("quotes", series.stream().map(p -> new ChartWriter.Point(p.hour(), p.quotes())).toList());
                    lines.putAll(scorePerSource(series, sources));
                    draw(chart, "Engagement of arXiv:" + paper, "Count", lines);
                    context.err().println("chart written to " + chart);
                }
                return Cli.OK;
            });
        }

        /**
         * One score line per source when more than one source has engaged ({@code x score}, {@code bluesky score}),
         * each from the source's first round on; none for a single source, whose score is the total.
         */
        private static Map<String, List<ChartWriter.Point>> scorePerSource(List<TrendsQuery.SeriesPoint> series,
                                                                         SortedSet<String> sources) {
            Map<String, List<ChartWriter.Point>> lines = new LinkedHashMap<>();
            if (sources.size() < 2) {
                return lines;
            }
            for (String source : sources) {
                lines.put(source + " score", series.stream().filter(point -> point.bySource().containsKey(source))
                        .map(point -> new ChartWriter.Point(point.hour(), point.bySource().get(source).score()))
                        .toList());
            }
            return lines;
        }

        /** The score at the end of each UTC day and its gain over the previous day. */
        private static Tabular perDay(List<TrendsQuery.SeriesPoint> series) {
            TreeMap<LocalDate, Long> endOfDay = new TreeMap<>();
            series.forEach(point -> endOfDay.put(LocalDate.ofInstant(point.hour(), ZoneOffset.UTC), point.score()));
            Tabular days = new Tabular("day", "score", "growth");
            long previous = 0;
            for (Map.Entry<LocalDate, Long> day : endOfDay.entrySet()) {
                days.add(day.getKey().toString(), day.getValue(), day.getValue() - previous);
                previous = day.getValue();
            }
            return days;
        }
    }

    /** {@code trends top}. */
    @Command(name = "top", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Papers of the last days ranked by total engagement or by velocity.",
                "velocity = score gained over the last 24 h / the paper's age in days (at least 1)."})
    static final class Top extends Output implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "Window in days (default: 7).")
        int days;

        @Option(names = "--category", paramLabel = "CAT", description = "Only papers listed in this category.")
        String category;

        @Option(names = "--by", paramLabel = "ORDER", defaultValue = "total",
                description = "total or velocity (default: ${DEFAULT-VALUE}).")
        TrendsQuery.By by;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many (default: 20).")
        int limit;

        @Option(names = "--source", paramLabel = "ID", description = "Only this source's engagement (x, ...).")
        String source;

        Top(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (days < 1 || limit < 1) {
                throw new ParameterException(spec.commandLine(), "--days and --limit must be at least 1");
            }
            if (category != null && !context.taxonomy().contains(category)) {
                throw new ParameterException(spec.commandLine(), "--category: unknown arXiv category '" + category + "'");
            }
            checkSource(source);
            return context.withApp(context.config(), app -> {
                List<TrendsQuery.TopPaper> papers = app.trends().top(days, category, source, by, limit,
                        context.clock().instant());
                SortedSet<String> sources = sourcesOf(papers, TrendsQuery.TopPaper::bySource, source);
                // posts of self-labelled bots are never in the score: shown apart, only when there are any
                Map<String, TrendsQuery.SourceShare> bots = app.trends().automated(
                        papers.stream().map(TrendsQuery.TopPaper::arxivId).toList(), source);
                List<String> columns = new ArrayList<>(Arrays.asList(columns(List.of("rank", "arxiv_id", "first_mailing", "score",
                        "retweets", "likes", "tweets", "gain_24h", "velocity", "title"), sources, "score", "posts")));
                if (!bots.isEmpty()) {
                    columns.addAll(List.of("bots_engagement", "bots_posts"));
                }
                Tabular table = new Tabular(columns.toArray(String[]::new));
                int rank = 0;
                for (TrendsQuery.TopPaper paper : papers) {
                    List<Object> row = new ArrayList<>(Arrays.asList(cells(sources, paper.bySource(), ++rank, paper.arxivId(),
                            paper.firstMailing().toString(), paper.score(), paper.retweets(), paper.likes(),
                            paper.tweets(), paper.gain24h(), paper.velocity(), paper.title())));
                    if (!bots.isEmpty()) {
                        TrendsQuery.SourceShare share = bots.getOrDefault(paper.arxivId(), new TrendsQuery.SourceShare(0, 0));
                        row.add(share.score());
                        row.add(share.count());
                    }
                    table.add(row.toArray());
                }
                table.print(context.out(), format, json);
                return Cli.OK;
            });
        }
    }

    /** {@code trends categories}. */
    @Command(name = "categories", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Engagement per category and mailing date.")
    static final class Categories extends Output implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--days", paramLabel = "N", defaultValue = "30", description = "Window in days (default: 30).")
        int days;

        @Option(names = "--chart", paramLabel = "FILE", description = "Also draw engagement per category into FILE.")
        Path chart;

        @Option(names = "--source", paramLabel = "ID",
                description = "Only this source's engagement (x, ...); papers still counts every listed paper.")
        String source;

        Categories(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (days < 1) {
                throw new ParameterException(spec.commandLine(), "--days must be at least 1");
            }
            checkChart(chart);
            checkSource(source);
            return context.withApp(context.config(), app -> {
                List<TrendsQuery.CategoryDay> rows = app.trends().categories(days, source, context.clock().instant());
                SortedSet<String> sources = sourcesOf(rows, TrendsQuery.CategoryDay::bySource, source);
                Tabular table = new Tabular(columns(List.of("mailing_date", "category", "papers", "tweeted_papers",
                        "retweets", "likes", "engagement"), sources, "engagement", "papers"));
                Map<String, List<ChartWriter.Point>> lines = new TreeMap<>();
                for (TrendsQuery.CategoryDay row : rows) {
                    table.add(cells(sources, row.bySource(), row.mailingDate().toString(), row.category(), row.papers(),
                            row.tweetedPapers(), row.retweets(), row.likes(), row.engagement()));
                    lines.computeIfAbsent(row.category(), key -> new ArrayList<>()).add(new ChartWriter.Point(
                            row.mailingDate().atStartOfDay(ZoneOffset.UTC).toInstant(), row.engagement()));
                }
                table.print(context.out(), format, json);
                if (chart != null) {
                    draw(chart, "Engagement per category", "Retweets + likes", lines, true);
                    context.err().println("chart written to " + chart);
                }
                return Cli.OK;
            });
        }
    }
}
