package io.hotpapers.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Error messages shown in /health and `status` and stored in job_health carry no secret and stay one short line. */
class ErrorTextTest {
    private final ErrorText errors = new ErrorText(List.of("s3cr3t-db-password", "AAAAtoken"));

    @Test
    void configuredSecretsAndCredentialShapedTextAreBlanked() {
        assertThat(errors.sanitize("FATAL: password authentication failed; tried s3cr3t-db-password"))
                .isEqualTo("FATAL: password authentication failed; tried ****");
        assertThat(errors.sanitize("GET https://api.x.com/2/tweets?api_key=xyz Authorization: Bearer AAAAtokenAAAA"))
                .isEqualTo("GET https://api.x.com/2/tweets?api_key=**** Authorization: Bearer ****");
        assertThat(errors.sanitize("jdbc:postgresql://admin:pw@db/hotpapers?password=pw2&ssl=true"))
                .isEqualTo("jdbc:postgresql://****@db/hotpapers?password=****&ssl=true");
    }

    @Test
    void theTextIsOneBoundedLine() {
        assertThat(errors.sanitize("first\r\nsecond\u2028third\u0000")).isEqualTo("first second third");
        assertThat(errors.sanitize("x".repeat(10_000))).hasSize(ErrorText.MAX_LENGTH).endsWith("…");
        assertThat(errors.of(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void anotherBoundKeepsTheBlanking() {
        ErrorText audit = errors.withMaxLength(4000);

        assertThat(audit.sanitize("y".repeat(3000) + " s3cr3t-db-password")).hasSize(3005).endsWith(" ****");
        assertThat(audit.sanitize("z".repeat(5000))).hasSize(4000).endsWith("…");
        assertThat(ErrorText.withoutSecrets().sanitize("Bearer AAAAtokenAAAA")).isEqualTo("Bearer ****");
    }
}
