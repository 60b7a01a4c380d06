package io.hotpapers.scheduler.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.hotpapers.core.config.DeliverySettings;
import io.hotpapers.core.testing.MutableClock;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
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

    private EmailChannel channel(GreenMailExtension server, DeliverySettings.SmtpSecurity security) {
        int port = security == DeliverySettings.SmtpSecurity.TLS ? server.getSmtps().getPort()
                : server.getSmtp().getPort();
        return new EmailChannel(new DeliverySettings.Mail(List.of("reader@example.org", "editor@example.org"),
                "hotpapers@example.org", "127.0.0.1", port, security, null, null), json, clock);
    }

    private Delivery delivery(EmailChannel channel, String... titles) {
        DigestMessage message = TestDigests.messages(json, "https://example.org/posts")
                .of(TestDigests.digest(40, titles), "");
        return new Delivery(42, LocalDate.parse("2026-11-26"), "", "email", "0".repeat(64), false,
                channel.payload(message), 0);
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
                "The whole digest: https://example.org/posts/hot-papers-2026-11-26");
        Document html = Jsoup.parse((String) parts.getBodyPart(1).getContent());
        assertThat(html.select("ol > li")).hasSize(2);
        assertThat(html.select("ol > li a").first().attr("href")).isEqualTo("https://arxiv.org/abs/2611.00001");
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
}
