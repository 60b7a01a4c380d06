package io.hotpapers.scheduler.delivery;

import io.hotpapers.core.config.MailAddresses;
import io.hotpapers.core.text.Terminal;
import io.hotpapers.core.watch.Watchlist;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A watchlist's own e-mail recipients, checked before they are stored and again before each send: at most
 * {@value Watchlist#MAX_RECIPIENTS}, each a bare address that Jakarta Mail's strict parser reads back as exactly
 * itself (no display name, group, comment, route or second address), with no line break or other control character
 * that could start a header of its own.
 */
public final class MailRecipients {
    private MailRecipients() {
    }

    /**
     * The addresses, parsed.
     *
     * @throws IllegalArgumentException with a one-line reason quoting the first refused address (escaped, clipped)
     */
    public static List<InternetAddress> parse(List<String> addresses) {
        if (addresses.size() > Watchlist.MAX_RECIPIENTS) {
            throw new IllegalArgumentException("at most " + Watchlist.MAX_RECIPIENTS + " e-mail recipients, got "
                    + addresses.size());
        }
        List<InternetAddress> parsed = new ArrayList<>();
        for (String address : addresses) {
            parsed.add(parse(address));
        }
        return parsed;
    }

    private static InternetAddress parse(String address) {
        // the shape first: a line break or a second address never reaches the parser
        if (address == null || !MailAddresses.isPlain(address)) {
            throw refused(address);
        }
        try {
            InternetAddress parsed = EmailChannel.address(address);
            if (parsed.getPersonal() != null || parsed.isGroup() || !address.equals(parsed.getAddress())) {
                throw refused(address);
            }
            return parsed;
        } catch (AddressException e) {
            throw refused(address);
        }
    }

    private static IllegalArgumentException refused(String address) {
        return new IllegalArgumentException("'" + Terminal.text(String.valueOf(address), 60) + "' is not a bare e-mail "
                + "address (name@example.org, at most " + MailAddresses.MAX_LENGTH + " characters)");
    }
}
