package io.hotpapers.arxiv;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Writes arXiv query API bodies in the recorded 2025+ shape, for scenarios no recording covers. */
final class AtomBodies {
    private AtomBodies() {
    }

    /** One entry; {@code categories} starts with the primary one. */
    record Entry(String id, int version, String title, Instant published, Instant updated, List<String> categories) {
        String xml() {
            String categoryElements = categories.stream()
                    .map(category -> "    <category term=\"" + category + "\" scheme=\"http://arxiv.org/schemas/atom\"/>")
                    .collect(Collectors.joining("\n"));
            return """
                      <entry>
                        <id>http://arxiv.org/abs/%1$sv%2$d</id>
                        <title>%3$s</title>
                        <updated>%5$s</updated>
                        <link href="https://arxiv.org/abs/%1$sv%2$d" rel="alternate" type="text/html"/>
                        <link href="https://arxiv.org/pdf/%1$sv%2$d" rel="related" type="application/pdf" title="pdf"/>
                        <summary>Abstract of
                          %3$s.</summary>
                    %6$s
                        <published>%4$s</published>
                        <arxiv:primary_category term="%7$s"/>
                        <author>
                          <name>Ada Lovelace</name>
                        </author>
                      </entry>
                    """.formatted(id, version, title, published, updated, categoryElements, categories.get(0));
        }
    }

    static Entry entry(String id, int version, String published, String updated, String... categories) {
        return new Entry(id, version, "Paper " + id, Instant.parse(published), Instant.parse(updated), List.of(categories));
    }

    static String feed(int totalResults, int startIndex, List<Entry> entries) {
        return """
                <?xml version='1.0' encoding='UTF-8'?>
                <feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
                  <id>https://arxiv.org/api/test</id>
                  <title>arXiv Query: test</title>
                  <updated>2026-04-12T22:09:36Z</updated>
                  <opensearch:itemsPerPage>%d</opensearch:itemsPerPage>
                  <opensearch:totalResults>%d</opensearch:totalResults>
                  <opensearch:startIndex>%d</opensearch:startIndex>
                %s</feed>
                """.formatted(entries.size(), totalResults, startIndex,
                entries.stream().map(Entry::xml).collect(Collectors.joining()));
    }
}
