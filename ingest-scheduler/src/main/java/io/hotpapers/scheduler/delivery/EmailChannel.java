package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hotpapers.core.config.DeliverySettings;
import io.hotpapers.core.config.MailAddresses;
import io.hotpapers.core.text.UntrustedText;
import io.hotpapers.scheduler.site.DigestEmailHtml;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * E-mail through SMTP (Jakarta Mail, Eclipse Angus): a multipart/alternative message with a plain-text part and an
 * HTML part rendered like the site's digest page ({@link DigestEmailHtml}), every untrusted field escaped. TLS is
 * required unless the server is on this machine: with STARTTLS the connection fails rather than continue
 * unencrypted, and the server's certificate and host name are checked.
 */
public final class EmailChannel implements DeliveryChannel {
    public static final String NAME = "email";

    /**
     * Whether e-mail to these channels would reach nobody: e-mail is configured and named, but neither the
     * recipients of their own (a watchlist's {@code --mail-to}) nor {@code HOTPAPERS_MAIL_TO} name anyone.
     */
    public static boolean reachesNobody(DeliverySettings.Mail mail, Collection<String> channels,
                                        List<String> ownRecipients) {
        return mail != null && !mail.hasGlobalRecipients() && channels.contains(NAME) && ownRecipients.isEmpty();
    }
    private static final int TIMEOUT_MILLIS = 60_000;

    private final DeliverySettings.Mail settings;
    private final DigestEmailHtml html;
    private final ObjectMapper json;
    private final Clock clock;

    EmailChannel(DeliverySettings.Mail settings, DigestEmailHtml html, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.html = html;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JsonNode payload(DigestMessage message) {
        return payload(message, List.of());
    }

    @Override
    public boolean takesRecipients() {
        return true;
    }

    /** Whether {@code HOTPAPERS_MAIL_TO} is set: without it the daily digest is not mailed. */
    @Override
    public boolean hasConfiguredTarget() {
        return settings.hasGlobalRecipients();
    }

    /** @param recipients a watchlist's own recipients, stored in the payload; empty: {@code HOTPAPERS_MAIL_TO} */
    @Override
    public JsonNode payload(DigestMessage message, List<String> recipients) {
        ObjectNode payload = json.createObjectNode();
        if (!recipients.isEmpty()) {
            recipients.forEach(payload.putArray("to")::add);
        }
        payload.put("subject", message.heading());
        payload.put("text", text(message));
        payload.put("html", html.render(message.heading(), message.correction(), message.jsonDigest(),
                message.papers().stream().map(DigestMessage.Paper::arxivId).toList(), message.pageUrl()));
        return payload;
    }

    static String text(DigestMessage message) {
        StringBuilder text = new StringBuilder(message.heading()).append("\n\n");
        if (message.correction()) {
            text.append("This corrects the digest sent earlier: its ranking or counts changed.\n\n");
        }
        if (message.papers().isEmpty()) {
            text.append("No paper reached the threshold this time.\n");
        }
        for (DigestMessage.Paper paper : message.papers()) {
            text.append(paper.rank()).append(". ").append(paper.title()).append('\n')
                    .append("   ").append(paper.authors()).append('\n')
                    .append("   ").append(paper.url()).append('\n')
                    .append("   score ").append(paper.score());
            paper.engagement().forEach(line -> text.append(" · ").append(line));
            text.append("\n\n");
        }
        if (message.pageUrl() != null) {
            text.append("The whole digest: ").append(message.pageUrl()).append('\n');
        }
        return text.toString();
    }

    @Override
    public void send(Delivery delivery) {
        Session session = Session.getInstance(properties());
        try {
            MimeMessage message = message(session, delivery);
            Transport.send(message, settings.user(), settings.password() == null ? null
                    : settings.password().reveal());
        } catch (AuthenticationFailedException e) {
            throw DeliveryException.permanent("email: the SMTP server refused the login of "
                    + "HOTPAPERS_SMTP_USER (check HOTPAPERS_SMTP_USER and the password)", null);
        } catch (SendFailedException e) {
            // the server's words may quote an address: logs and the table keep only its first letter and domain
            throw DeliveryException.permanent("email: the SMTP server refused the recipients or the sender ("
                    + MailAddresses.masked(UntrustedText.line(e.getMessage(), 200)) + ")", null);
        } catch (MessagingException e) {
            if (isTlsFailure(e)) {
                // a certificate that does not verify, or a server without STARTTLS: retrying the same cannot help
                throw DeliveryException.permanent("email: no verified TLS connection to " + settings.host() + ":"
                        + settings.port() + " (" + UntrustedText.line(rootMessage(e), 200) + "); check "
                        + "HOTPAPERS_SMTP_TLS, HOTPAPERS_SMTP_STARTTLS and HOTPAPERS_SMTP_PORT", null);
            }
            throw DeliveryException.transientFailure("email: "
                    + MailAddresses.masked(UntrustedText.line(rootMessage(e), 300)), null, null);
        }
    }

    private MimeMessage message(Session session, Delivery delivery) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // one id per delivery, the same on every retry: a mail system that got it twice can tell
                setHeader("Message-ID", "<hotpapers." + delivery.mailingDate() + "." + delivery.id() + "@"
                        + settings.from().substring(settings.from().indexOf('@') + 1) + ">");
            }
        };
        message.setFrom(address(settings.from()));
        message.setRecipients(Message.RecipientType.TO, recipients(delivery).toArray(InternetAddress[]::new));
        message.setSubject(delivery.payload().path("subject").asText(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        MimeBodyPart text = new MimeBodyPart();
        text.setText(delivery.payload().path("text").asText(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(delivery.payload().path("html").asText(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /**
     * The watchlist's own recipients stored with the delivery, else {@code HOTPAPERS_MAIL_TO}. A stored address that
     * does not parse (a row edited by hand) fails the delivery for good: retrying cannot mend it.
     */
    private List<InternetAddress> recipients(Delivery delivery) throws AddressException {
        JsonNode stored = delivery.payload().path("to");
        if (!stored.isArray() || stored.isEmpty()) {
            if (!settings.hasGlobalRecipients()) {
                // queued while HOTPAPERS_MAIL_TO was set, or refused when queued: nobody to send it to
                throw DeliveryException.permanent(noTargetReason(delivery.watchlist()), null);
            }
            List<InternetAddress> recipients = new ArrayList<>();
            for (String to : settings.to()) {
                recipients.add(address(to));
            }
            return recipients;
        }
        List<String> addresses = new ArrayList<>();
        stored.forEach(address -> addresses.add(address.asText()));
        try {
            return MailRecipients.parse(addresses);
        } catch (IllegalArgumentException e) {
            throw DeliveryException.permanent("email: the watchlist's recipients do not parse: " + e.getMessage()
                    + "; set them again with 'hotpapers watch add " + delivery.watchlist() + " ... --replace'", null);
        }
    }

    /** Why a digest without recipients of its own is not mailed while {@code HOTPAPERS_MAIL_TO} is not set. */
    @Override
    public String noTargetReason(String watchlist) {
        return watchlist.isEmpty()
                ? "email: no recipients: HOTPAPERS_MAIL_TO is not set, so the daily digest is not e-mailed"
                : "email: no recipients: watchlist " + watchlist + " names e-mail without recipients of its own and "
                        + "HOTPAPERS_MAIL_TO is not set; give it some (hotpapers watch add " + watchlist
                        + " ... --mail-to ADDRESSES --replace) or set HOTPAPERS_MAIL_TO";
    }

    static InternetAddress address(String address) throws AddressException {
        InternetAddress parsed = new InternetAddress(address, true);
        parsed.validate();
        return parsed;
    }

    private Properties properties() {
        Properties properties = new Properties();
        // Transport.send picks the smtp provider for internet addresses: TLS from the first byte is its ssl mode
        String prefix = "mail.smtp.";
        if (settings.security() == DeliverySettings.SmtpSecurity.TLS) {
            properties.put(prefix + "ssl.enable", "true");
        }
        properties.put(prefix + "host", settings.host());
        properties.put(prefix + "port", Integer.toString(settings.port()));
        properties.put(prefix + "auth", Boolean.toString(settings.password() != null));
        properties.put(prefix + "connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        properties.put(prefix + "timeout", Integer.toString(TIMEOUT_MILLIS));
        properties.put(prefix + "writetimeout", Integer.toString(TIMEOUT_MILLIS));
        if (settings.security() == DeliverySettings.SmtpSecurity.STARTTLS) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        if (settings.security() != DeliverySettings.SmtpSecurity.NONE) {
            properties.put(prefix + "ssl.checkserveridentity", "true");
            properties.put(prefix + "ssl.protocols", "TLSv1.3 TLSv1.2");
        }
        return properties;
    }

    private static boolean isTlsFailure(MessagingException error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException
                    || (cause.getMessage() != null && cause.getMessage().contains("STARTTLS"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
