package io.hotpapers.scheduler.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("security")
class SitePathsTest {
    @Test
    void namesTheSitesFiles() {
        assertThat(SitePaths.file("/")).hasValue("index.html");
        assertThat(SitePaths.file("/digest/")).hasValue("digest/index.html");
        assertThat(SitePaths.file("/paper/hep-th_9901001.html")).hasValue("paper/hep-th_9901001.html");
        assertThat(SitePaths.file("/category/cs.LG.atom")).hasValue("category/cs.LG.atom");
    }

    @Test
    void theSitesOwnPagesAreSitePathsAndTheirUrlsAreUnderTheSitesUrl() {
        assertThat(SitePaths.digestPage(java.time.LocalDate.parse("2021-05-11"))).isEqualTo("digest/2021-05-11.html");
        assertThat(SitePaths.paperPage("hep-th/9901001")).isEqualTo("paper/hep-th_9901001.html");
        assertThat(SitePaths.categoryPage("cs.LG")).isEqualTo("category/cs.LG.html");
        for (String page : new String[] {SitePaths.paperPage("hep-th/9901001"), SitePaths.categoryPage("cs.LG")}) {
            assertThat(SitePaths.file("/" + page)).hasValue(page);
        }
        assertThat(SitePaths.absolute("https://papers.example.org", "paper/2105.04026.html"))
                .isEqualTo(SitePaths.absolute("https://papers.example.org/", "paper/2105.04026.html"))
                .isEqualTo("https://papers.example.org/paper/2105.04026.html");
    }

    @Test
    void refusesEveryWayOutAndHiddenFiles() {
        for (String path : new String[] {"/../etc/passwd", "/digest/../../x", "/%2e%2e/x", "/..%2fx", "/.hotpapers-site",
            "/digest/.x", "//etc/passwd", "/a\\b", "/a b", "/x\u0000.html", "relative", "", "/a/b/c/d/e.html"}) {
            assertThat(SitePaths.file(path)).as(path).isEmpty();
        }
        assertThat(SitePaths.file(null)).isEmpty();
    }
}
