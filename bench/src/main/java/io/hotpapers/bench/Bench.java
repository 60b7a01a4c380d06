package io.hotpapers.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the benchmark scenarios:
 * {@code bench/run [api|hackernews|hf|writes|queries|rounds|series|parsing|footprint|stream|site|billing|all]
 * [--scale F] [--db-url URL]}.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        String scenario = arguments.isEmpty() ? "all" : arguments.get(0);
        double scale = 1.0;
        int at = arguments.indexOf("--scale");
        if (at >= 0) {
            scale = Double.parseDouble(arguments.get(at + 1));
        }
        at = arguments.indexOf("--db-url");
        String jdbcUrl = at >= 0 ? arguments.get(at + 1) : null;
        System.out.printf("machine: %d cores, %d MB max heap, %s %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        switch (scenario) {
            case "parsing" -> new ParsingBench().run();
            case "api" -> new ApiBench().run(scale);
            case "hackernews" -> new HackerNewsBench().run(scale);
            case "hf" -> new HuggingFaceBench().run(scale);
            case "writes" -> new WriteBench().run(scale);
            case "queries" -> new QueryBench().run(scale, jdbcUrl);
            case "footprint" -> new FootprintBench().run();
            case "stream" -> new StreamBench().run(scale);
            case "rounds" -> new RoundsBench().run(scale, jdbcUrl);
            case "series" -> new SeriesBench().run(scale, jdbcUrl);
            case "site" -> new SiteBench().run();
            case "billing" -> new BillingBench(scale).run();
            case "all" -> {
                new ParsingBench().run();
                new ApiBench().run(scale);
                new HackerNewsBench().run(scale);
                new HuggingFaceBench().run(scale);
                new WriteBench().run(scale);
                new QueryBench().run(scale, jdbcUrl);
            }
            default -> {
                System.err.println("bench: unknown scenario '" + scenario + "' (api, hackernews, hf, writes, queries, "
                        + "rounds, series, parsing, footprint, stream, site, billing, all)");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
