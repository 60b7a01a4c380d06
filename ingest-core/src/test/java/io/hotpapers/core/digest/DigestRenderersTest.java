package io.hotpapers.core.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.trends.TrendsQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The renderer seam: one renderer per format, and the service writes and deletes whatever is registered. */
class DigestRenderersTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate DAY = LocalDate.parse("2021-05-15");
    private static final DigestStyle STYLE = new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/image.jpg");
    private static final DigestParameters PARAMETERS = DigestParameters.defaults(List.of("cs.LG"));

    @TempDir
    Path out;

    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = MutableClock.at("2021-05-16T08:00:00Z");

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
    }

    /** A stand-in for a future format (HTML, e-mail): one class, no change to the service. */
    private record PlainText() implements DigestRenderer.PerDate {
        @Override
        public DigestFormat format() {
            return DigestFormat.MD;
        }

        @Override
        public String fileName(LocalDate mailingDate) {
            return "digest-" + mailingDate + ".txt";
        }

        @Override
        public String render(Digest digest) {
            return digest.mailingDate() + ": " + digest.listed() + " listed\n";
        }
    }

    private DigestService service(DigestRenderers renderers) {
        return new DigestService(new DigestQuery(postgres.jdbi(), new PaperStore(postgres.jdbi(), clock)),
                new DigestStore(postgres.jdbi(), json), new TrendsQuery(postgres.jdbi()), new JsonRenderer(json, STYLE),
                renderers, clock);
    }

    @Test
    void everyFormatHasExactlyOneRenderer() {
        assertThatThrownBy(() -> new DigestRenderers(List.of(new MarkdownRenderer(STYLE), new JsonRenderer(json, STYLE))))
                .hasMessage("no renderer for [ATOM]");
        assertThatThrownBy(() -> new DigestRenderers(List.of(new MarkdownRenderer(STYLE), new PlainText(),
                new JsonRenderer(json, STYLE), new AtomFeedRenderer(STYLE, null))))
                .hasMessage("two renderers for MD");
        assertThat(DigestRenderers.standard(json, STYLE, null).all()).extracting(DigestRenderer::format)
                .containsExactly(DigestFormat.MD, DigestFormat.JSON, DigestFormat.ATOM);
    }

    @Test
    void theServiceWritesAndDeletesWhatTheRegisteredRendererNames() throws IOException {
        DigestService service = service(new DigestRenderers(List.of(new PlainText(), new JsonRenderer(json, STYLE),
                new AtomFeedRenderer(STYLE, null))));

        DigestService.Written written = service.write(DAY, PARAMETERS, null, EnumSet.of(DigestFormat.MD,
                DigestFormat.ATOM), out);

        assertThat(written.files()).containsExactly(out.resolve("digest-2021-05-15.txt"), out.resolve("feed.atom"));
        assertThat(out.resolve("digest-2021-05-15.txt")).hasContent("2021-05-15: 0 listed");
        assertThat(out.resolve("hot-papers-2021-05-15.json")).doesNotExist();

        DigestService.Deleted deleted = service.delete(DAY, out);

        assertThat(deleted.files()).containsExactly(out.resolve("digest-2021-05-15.txt"));
        assertThat(deleted.rewrittenFeeds()).containsExactly(out.resolve("feed.atom"));
        assertThat(Files.readString(out.resolve("feed.atom"))).doesNotContain("2021-05-15");
    }
}
