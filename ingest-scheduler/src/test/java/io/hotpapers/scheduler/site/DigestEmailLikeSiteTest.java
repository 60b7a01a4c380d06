package io.hotpapers.scheduler.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.hotpapers.core.digest.Digest;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.scheduler.App;
import jakarta.mail.Multipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digest e-mail against the site's digest page of the same date, both made by the real app from one database
 * (papers with X and Hacker News posts, one with a hostile title), the e-mail received by a real SMTP server.
 */
class DigestEmailLikeSiteTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();
    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(patient(ServerSetupTest.SMTP.dynamicPort()));

    private static final LocalDate DATE = SiteFixture.DATES.get(0);
    private static final String SITE = "https://papers.example.org/";

    @TempDir
    Path home;

    private App app;

    private static ServerSetup patient(ServerSetup setup) {
        setup.setServerStartupTimeout(30_000);
        return setup;
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    /** The fixture's database, a Hacker News story on its first paper too, and e-mail delivery to GreenMail. */
    private App app(String siteUrl) {
        Map<String, String> settings = new HashMap<>(Map.of("HOTPAPERS_MAIL_TO", "reader@example.org",
                "HOTPAPERS_SMTP_HOST", "127.0.0.1", "HOTPAPERS_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()),
                "HOTPAPERS_SMTP_FROM", "hotpapers@example.org", "HOTPAPERS_SMTP_STARTTLS", "false"));
        settings.put("SITE_URL", siteUrl == null ? "" : siteUrl);
        // where the Markdown posts are published is not the site: the mail's site links never go there
        settings.put("DIGEST_SITE_URL", "https://blog.example.org/posts/");
        app = SiteFixture.build(postgres, home, settings, handle -> {
            SiteFixture.post(handle, "hackernews", 4, "27100001", "pg", "pg", "The Modern Mathematics of Deep "
                    + "Learning https://arxiv.org/abs/2105.04026", "2105.04026");
            SiteFixture.snapshot(handle, 4, "2021-05-10T21:00:00Z", 0, 250);
        });
        return app;
    }

    /** The date's digest as `hotpapers deliver` sends it: the stored cutoff, through the delivery queue. */
    private Document mailedHtml() throws Exception {
        DigestParameters parameters = DigestParameters.defaults(app.categories().configured());
        Digest digest = app.digests().make(DATE, parameters, app.digests().latestCutoff(DATE, parameters)
                .orElseThrow());
        app.deliveries().enqueue(digest, "", List.of());
        assertThat(app.deliveries().deliverDue().sent()).isEqualTo(1);
        Multipart parts = (Multipart) smtp.getReceivedMessages()[0].getContent();
        return Jsoup.parse((String) parts.getBodyPart(1).getContent());
    }

    private Document sitePage() throws Exception {
        Path site = home.resolve("site");
        app.site().generate(site);
        String page = SitePaths.digestPage(DATE);
        return Jsoup.parse(Files.readString(site.resolve(page)), SITE + page);
    }

    /** What a reader sees of one paper. */
    private record Shown(String rank, String title, String titleLink, String authors, List<String> categories,
                         String score, List<String> counts) {
    }

    private static List<Shown> papers(Document page) {
        return page.select("ol.entries > li").stream().map(DigestEmailLikeSiteTest::shown).toList();
    }

    private static Shown shown(Element paper) {
        Element title = paper.selectFirst("h2 a");
        return new Shown(paper.selectFirst(".rank").text(), title.text(), title.absUrl("href"),
                paper.selectFirst(".authors").text(), paper.select(".tag").eachText(),
                paper.selectFirst(".meta b").text(), paper.select("ul.counts > li").eachText());
    }

    @Test
    void theMailListsTheSamePapersInTheSameOrderWithTheSameCountsAsTheSitesDigestPage() throws Exception {
        app(SITE);

        List<Shown> site = papers(sitePage());
        List<Shown> mail = papers(mailedHtml());

        assertThat(site).hasSize(2);
        assertThat(mail).isEqualTo(site);
        assertThat(mail.get(0).counts()).containsExactly("Hacker News posts 1 points 250 comments 3",
                "X posts 1 reposts 40 likes 120 replies 3 quotes 4");
        assertThat(mail.get(1).title()).isEqualTo(SiteFixture.HOSTILE_TITLE);
    }

    @Test
    void withSiteUrlTheMailLinksTheSitesPagesThatExist() throws Exception {
        app(SITE);
        Path site = home.resolve("site");
        app.site().generate(site);

        Document mail = mailedHtml();

        List<String> siteLinks = mail.select("a[href^=" + SITE + "]").eachAttr("href");
        assertThat(siteLinks).contains(SITE + "digest/" + DATE + ".html", SITE + "paper/2105.04026.html",
                SITE + "category/cs.LG.html");
        assertThat(siteLinks).allSatisfy(link -> assertThat(site.resolve(link.substring(SITE.length()))).exists());
        assertThat(mail.select("script, style, link")).isEmpty();
    }

    @Test
    void withoutSiteUrlTheMailLinksNoSitePageButThePublishedPost() throws Exception {
        app(null);

        Document mail = mailedHtml();

        String post = "https://blog.example.org/posts/hot-papers-" + DATE;
        assertThat(papers(mail)).hasSize(2);
        assertThat(mail.select("a[href]").eachAttr("href")).contains(post)
                .allSatisfy(link -> assertThat(link).matches("https://arxiv\\.org/.*|" + post));
        Multipart parts = (Multipart) smtp.getReceivedMessages()[0].getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("The whole digest: " + post)
                .doesNotContain("papers.example.org");
    }
}
