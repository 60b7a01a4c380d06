package io.hotpapers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.arxiv.AtomParser;
import io.hotpapers.social.x.XResponseParser;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.function.IntSupplier;

/** Scenario 5: parse rates of the recorded arXiv Atom and X JSON bodies. */
final class ParsingBench {
    void run() throws IOException {
        byte[] atom = fixture("arxiv-api-query-all-testing-p1.atom.xml");
        byte[] json = fixture("twitter-v2-search-recent-100-next_token-errors-twarc.json");
        AtomParser atomParser = new AtomParser(Clock.systemUTC());
        XResponseParser jsonParser = new XResponseParser(new ObjectMapper(), Clock.systemUTC());
        double entries = rate(() -> atomParser.parse(atom).papers().size());
        double tweets = rate(() -> jsonParser.parse(json).tweets().size());
        System.out.printf("parsing: arXiv Atom %,.0f entries/s (%,d-byte page of 10), X JSON %,.0f tweets/s "
                + "(%,d-byte page of 100)%n", entries, atom.length, tweets, json.length);
    }

    /** Items per second over about three seconds, after one second of warm-up. */
    private static double rate(IntSupplier parse) {
        long warmUpEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            parse.getAsInt();
        }
        long items = 0;
        long start = System.nanoTime();
        long end = start + 3_000_000_000L;
        while (System.nanoTime() < end) {
            items += parse.getAsInt();
        }
        return items / ((System.nanoTime() - start) / 1e9);
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = ParsingBench.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }
}
