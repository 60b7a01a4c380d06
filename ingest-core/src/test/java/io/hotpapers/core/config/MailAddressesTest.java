package io.hotpapers.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What of an e-mail address may reach a log line or a stored error. */
class MailAddressesTest {
    @Test
    void aServersRefusalKeepsEachRecipientsDomainButNotTheirName() {
        String refusal = "550 5.1.1 <reader@example.org>: Recipient address rejected; also editor.in.chief@lab.example";

        String masked = MailAddresses.masked(refusal);

        assertThat(masked).contains("r…@example.org", "e…@lab.example", "550 5.1.1", "Recipient address rejected")
                .doesNotContain("reader@", "editor.in.chief");
    }

    @Test
    void onlyBareAddressesArePlain() {
        assertThat(MailAddresses.isPlain("ada@lab.example")).isTrue();
        assertThat(MailAddresses.isPlain("Ada <ada@lab.example>")).isFalse();
        assertThat(MailAddresses.isPlain("ada@lab.example\r\nBcc: x@y.org")).isFalse();
    }
}
