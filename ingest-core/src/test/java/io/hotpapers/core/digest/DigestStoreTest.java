package io.hotpapers.core.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DigestStoreTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private final ObjectMapper json = new ObjectMapper();
    private final LocalDate date = LocalDate.parse("2021-05-11");
    private final Instant cutoff = Instant.parse("2021-05-12T08:56:20Z");
    private DigestStore store;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        store = new DigestStore(postgres.jdbi(), json);
    }

    private JsonNode tree(String text) throws Exception {
        return json.readTree(text);
    }

    @Test
    void savedDigestReadsBackEqual() throws Exception {
        StoredDigest digest = new StoredDigest(date, cutoff, tree("{\"minScore\":50,\"limit\":null}"),
                Instant.parse("2021-05-12T09:00:00Z"),
                tree("[{\"arxivId\":\"2105.04026\",\"title\":\"<b>&amp;\",\"score\":5653}]"));

        assertThat(store.save(digest)).isTrue();

        assertThat(store.find(date, cutoff, tree("{\"limit\":null,\"minScore\":50}"))).contains(digest);
        assertThat(store.latest(date)).contains(digest);
    }

    @Test
    void savingTheSameDigestAgainKeepsTheStoredRow() throws Exception {
        StoredDigest first = new StoredDigest(date, cutoff, tree("{\"minScore\":50}"),
                Instant.parse("2021-05-12T09:00:00Z"), tree("[]"));
        store.save(first);

        boolean changed = store.save(new StoredDigest(date, cutoff, tree("{\"minScore\":50}"),
                Instant.parse("2021-05-12T10:00:00Z"), tree("[]")));

        assertThat(changed).isFalse();
        assertThat(store.latest(date)).contains(first);
    }

    @Test
    void otherParametersMakeAnotherDigestOfTheSameDate() throws Exception {
        store.save(new StoredDigest(date, cutoff, tree("{\"minScore\":50}"), Instant.parse("2021-05-12T09:00:00Z"),
                tree("[]")));
        StoredDigest strict = new StoredDigest(date, cutoff, tree("{\"minScore\":500}"),
                Instant.parse("2021-05-12T09:30:00Z"), tree("[]"));

        store.save(strict);

        assertThat(store.find(date, cutoff, tree("{\"minScore\":50}"))).isPresent();
        assertThat(store.latest(date)).contains(strict);
    }
}
