package io.hotpapers.scheduler.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.hotpapers.core.config.DeliverySettings;
import io.hotpapers.core.digest.Digest;
import io.hotpapers.core.testing.MutableClock;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The digest by e-mail, received by a real SMTP server in this JVM (GreenMail). */
class EmailChannelTest {
    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(patient(ServerSetupTest.SMTP.dynamicPort()));
    @RegisterExtension
    static final GreenMailExtension smtps = new GreenMailExtension(patient(ServerSetupTest.SMTPS.dynamicPort()));

    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> \"quoted\" & more";

    private final ObjectMapper json = new ObjectMapper();

    /** A busy build machine starts a server in more than GreenMail's default two seconds. */
    private static ServerSetup patient(ServerSetup setup) {
        setup.setServerStartupTimeout(30_000);
        return setup;
    }
    private final MutableClock clock = MutableClock.at("2026-11-27T09:05:00Z");

    private static final String SITE = "https://papers.example.org";

    private EmailChannel channel(GreenMailExtension server, DeliverySettings.SmtpSecurity security) {
        return channel(server, security, SITE);
    }

    private EmailChannel channel(GreenMailExtension server, DeliverySettings.SmtpSecurity security, String siteUrl) {
        int port = security == DeliverySettings.SmtpSecurity.TLS ? server.getSmtps().getPort()
                : server.getSmtp().getPort();
        return new EmailChannel(new DeliverySettings.Mail(List.of("reader@example.org", "editor@example.org"),
                "hotpapers@example.org", "127.0.0.1", port, security, null, null), TestDigests.mailHtml(siteUrl),
                json, clock);
    }

    private Delivery delivery(EmailChannel channel, String... titles) {
        return delivery(channel, SITE, TestDigests.digest(40, titles));
    }

    private Delivery delivery(EmailChannel channel, String siteUrl, Digest digest) {
        DigestMessage message = TestDigests.messages(json, siteUrl).of(digest, "");
        return new Delivery(42, LocalDate.parse("2026-11-26"), "", "email", "0".repeat(64), false,
                channel.payload(message), 0);
    }

    /** The HTML part of the message GreenMail received (the first recipient's copy). */
    private static Document receivedHtml() throws Exception {
        Multipart parts = (Multipart) smtp.getReceivedMessages()[0].getContent();
        Part html = parts.getBodyPart(1);
        assertThat(html.isMimeType("text/html")).isTrue();
        return Jsoup.parse((String) html.getContent());
    }

    @Test
    void theMessageHasATextAndAnHtmlPartAndTheHeadersAReaderExpects() throws Exception {
        EmailChannel channel = channel(smtp, DeliverySettings.SmtpSecurity.NONE);

        channel.send(delivery(channel, "Attention is all you need, again", "Second paper"));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy per recipient
        MimeMessage message = received[0];
        assertThat(message.getSubject()).isEqualTo("Hot Papers 2026-11-26");
        assertThat(message.getFrom()[0].toString()).isEqualTo("hotpapers@example.org");
        assertThat(message.getAllRecipients()).extracting(Object::toString)
                .containsExactly("reader@example.org", "editor@example.org");
        assertThat(message.getMessageID()).isEqualTo("<hotpapers.2026-11-26.42@example.org>");
        assertThat(message.isMimeType("multipart/alternative")).isTrue();
        Multipart parts = (Multipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        Part text = parts.getBodyPart(0);
        assertThat(text.isMimeType("text/plain")).isTrue();
        assertThat((String) text.getContent()).contains("1. Attention is all you need, again",
                "https://arxiv.org/abs/2611.00001", "retweets: 3, favorites: 40",
                "The whole digest: https://papers.example.org/digest/2026-11-26.html");
        Document html = receivedHtml();
        assertThat(html.select("ol > li")).hasSize(2);
        assertThat(html.select("ol > li h2 a").eachText())
                .containsExactly("Attention is all you need, again", "Second paper");
        assertThat(html.select("ol > li .rank").eachText()).containsExactly("1.", "2.");
    }

    @Test
    void eachPaperShowsWhatItsEntryOnTheSitesDigestPageShows() throws Exception {
        EmailChannel channel = channel(smtp, DeliverySettings.SmtpSecurity.NONE);

        channel.send(delivery(channel, SITE, TestDigests.digest(40, "We study things in depth. ".repeat(40),
                List.of("Ada Lovelace", "Alan Turing"), "A paper")));

        Element paper = receivedHtml().selectFirst("ol > li");
        assertThat(paper.selectFirst(".authors").text()).isEqualTo("Ada Lovelace, Alan Turing");
        assertThat(paper.select(".tag").eachText()).containsExactly("cs.LG", "stat.ML");
        assertThat(paper.selectFirst(".meta b").text()).isEqualTo("43"); // the score
        // X's counts in X's own order, as the site's counts partial shows them
        assertThat(paper.select("ul.counts > li").eachText())
                .containsExactly("X posts 2 reposts 3 likes 40 replies 0 quotes 0");
        String snippet = paper.selectFirst(".abstract").text();
        assertThat(snippet).startsWith("We study things in depth.").endsWith("…");
        assertThat(snippet.codePointCount(0, snippet.length())).isLessThanOrEqualTo(400);
    }

    @Test
    void withASiteUrlTheDigestAndEachPaperLinkTheirPagesOnTheSite() throws Exception {
        EmailChannel channel = channel(smtp, DeliverySettings.SmtpSecurity.NONE);

        channel.send(delivery(channel, "A paper"));

        Document html = receivedHtml();
        assertThat(html.select("a[href]").eachAttr("href")).contains(
                "https://papers.example.org/digest/2026-11-26.html",
                "https://papers.example.org/paper/2611.00001.html",
                "https://papers.example.org/category/cs.LG.html",
                "https://arxiv.org/abs/2611.00001", "https://arxiv.org/pdf/2611.00001");
        assertThat(html.selectFirst("ol > li h2 a").attr("href"))
                .isEqualTo("https://papers.example.org/paper/2611.00001.html");
    }

    @Test
    void aWatchlistsMessageLinksTheWatchlistsOwnPageNotTheDailyDigest() throws Exception {
        EmailChannel channel = channel(smtp, DeliverySettings.SmtpSecurity.NONE);
        DigestMessage message = TestDigests.messages(json, SITE).of(TestDigests.digest(40, "A paper"), "follow");

        channel.send(new Delivery(43, LocalDate.parse("2026-11-26"), "follow", "email", "0".repeat(64), false,
                channel.payload(message), 0));

        assertThat(receivedHtml().select("a[href]").eachAttr("href"))
                .contains("https://papers.example.org/watch/follow/2026-11-26.html")
                .doesNotContain("https://papers.example.org/digest/2026-11-26.html");
    }

    @Test
    void withoutASiteUrlEveryLinkGoesToArxivAndNoneToASite() throws Exception {
        EmailChannel channel = channel(smtp, DeliverySettings.SmtpSecurity.NONE, null);

        channel.send(delivery(channel, null, TestDigests.digest(40, "A paper", "Another paper")));

        Document html = receivedHtml();
        assertThat(html.select("a[href]").eachAttr("href")).isNotEmpty()
                .allSatisfy(href -> assertThat(href).startsWith("https://arxiv.org/"));
        assertThat(html.selectFirst("ol > li h2 a").attr("href")).isEqualTo("https://arxiv.org/abs/2611.00001");
        assertThat(html.select(".tag").eachText()).contains("cs.LG");
        Multipart parts = (Multipart) smtp.getReceivedMessages()[0].getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).doesNotContain("The whole digest");
    }

    @Test
    void theHtmlPartIsSafeForMailClientsInlineStylesAbsoluteLinksNoScriptNoStyleSheet() throws Exception {
        EmailChannel channel = channel(smtp, DeliverySettings.SmtpSecurity.NONE);

        channel.send(delivery(channel, "A paper", "Another paper"));

        Document html = receivedHtml();
        // mail clients drop <style> and style sheets and never run scripts: nothing of that kind is sent
        assertThat(html.select("script, style, link, svg, img, iframe, object, form, details")).isEmpty();
        assertThat(html.select("[onload], [onerror], [onclick]")).isEmpty();
        assertThat(html.select("body, h1, h2, ol, li, p, a, ul.counts, ul.counts li"))
                .allSatisfy(element -> assertThat(element.attr("style")).as(element.tagName()).isNotBlank());
        assertThat(html.select("a").eachAttr("href")).allSatisfy(href -> assertThat(href).startsWith("https://"));
    }

    @Test
    void aCorrectionSaysSoAndAnEmptyDigestSaysNoPaperReachedTheThreshold() {
        EmailChannel channel = channel(smtp, DeliverySettings.SmtpSecurity.NONE);
        DigestMessages messages = TestDigests.messages(json, SITE);

        Document correction = Jsoup.parse(channel.payload(messages.of(TestDigests.digest(40, "A paper"), "")
                .asCorrection()).path("html").asText());
        Document empty = Jsoup.parse(channel.payload(messages.of(TestDigests.digest(40), "")).path("html").asText());

        assertThat(correction.selectFirst("h1").text()).isEqualTo("Hot Papers 2026-11-26 (correction)");
        assertThat(correction.text()).contains("This corrects the digest sent earlier");
        assertThat(empty.select("ol")).isEmpty();
        assertThat(empty.text()).contains("No paper reached the threshold this time.").doesNotContain("corrects");
    }

    @Test
    void aHostileTitleIsTextInTheHtmlPartNeverMarkup() throws Exception {
        EmailChannel channel = channel(smtp, DeliverySettings.SmtpSecurity.NONE);

        channel.send(delivery(channel, HOSTILE));

        Multipart parts = (Multipart) smtp.getReceivedMessages()[0].getContent();
        Document html = Jsoup.parse((String) parts.getBodyPart(1).getContent());
        assertThat(html.select("script, img, [onerror]")).isEmpty();
        assertThat(html.select("ol > li a").first().text()).isEqualTo(HOSTILE);
    }

    @Test
    void hostileAuthorsAndAbstractsAreTextInTheHtmlPartNeverMarkup() throws Exception {
        EmailChannel channel = channel(smtp, DeliverySettings.SmtpSecurity.NONE);

        channel.send(delivery(channel, SITE, TestDigests.digest(40, HOSTILE, List.of(HOSTILE, "Alan Turing"),
                "A paper")));

        Document html = receivedHtml();
        assertThat(html.select("script, img, [onerror]")).isEmpty();
        assertThat(html.selectFirst(".authors").text()).isEqualTo(HOSTILE + ", Alan Turing");
        assertThat(html.selectFirst(".abstract").text()).isEqualTo(HOSTILE);
    }

    @Test
    void requiredStartTlsIsNeverDowngradedToPlainText() {
        EmailChannel channel = channel(smtp, DeliverySettings.SmtpSecurity.STARTTLS);

        assertThatThrownBy(() -> channel.send(delivery(channel, "A paper")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("no verified TLS connection to 127.0.0.1");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aTlsServerWhoseCertificateDoesNotVerifyIsRefused() {
        EmailChannel channel = channel(smtps, DeliverySettings.SmtpSecurity.TLS);

        assertThatThrownBy(() -> channel.send(delivery(channel, "A paper")))
                .hasMessageContaining("no verified TLS connection")
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isTransient()).isFalse());
        assertThat(smtps.getReceivedMessages()).isEmpty();
    }

    @Test
    void aDeliveryWithoutRecipientsOfItsOwnFailsForGoodWhenHotpapersMailToIsNotSet() {
        // queued while HOTPAPERS_MAIL_TO was set; the process that sends it has e-mail without a global list
        EmailChannel queuing = channel(smtp, DeliverySettings.SmtpSecurity.NONE);
        EmailChannel sending = new EmailChannel(new DeliverySettings.Mail(List.of(), "hotpapers@example.org",
                "127.0.0.1", smtp.getSmtp().getPort(), DeliverySettings.SmtpSecurity.NONE, null, null),
                TestDigests.mailHtml(SITE), json, clock);
        assertThat(sending.hasConfiguredTarget()).isFalse();
        assertThat(queuing.hasConfiguredTarget()).isTrue();

        assertThatThrownBy(() -> sending.send(delivery(queuing, "A paper")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessage("email: no recipients: HOTPAPERS_MAIL_TO is not set, so the daily digest is not "
                        + "e-mailed");
        assertThat(smtp.getReceivedMessages()).isEmpty();

        DigestMessage message = TestDigests.messages(json, SITE).of(TestDigests.digest(40, "A paper"), "lab");
        sending.send(new Delivery(43, LocalDate.parse("2026-11-26"), "lab", "email", "0".repeat(64), false,
                sending.payload(message, List.of("ada@lab.example")), 0));
        assertThat(smtp.getReceivedMessages()).singleElement().satisfies(received -> assertThat(
                received.getAllRecipients()).extracting(Object::toString).containsExactly("ada@lab.example"));
    }
}
