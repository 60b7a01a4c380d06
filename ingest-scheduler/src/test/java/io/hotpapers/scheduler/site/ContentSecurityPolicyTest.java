package io.hotpapers.scheduler.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.digest.XPostRenderer;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("security")
class ContentSecurityPolicyTest {
    @Test
    void withoutEmbedsNothingComesFromElsewhere() {
        String policy = ContentSecurityPolicy.forResponses(List.of());

        assertThat(policy).startsWith("default-src 'none'; script-src 'self'; style-src 'self';")
                .contains("frame-src 'none'").contains("base-uri 'none'").contains("form-action 'none'")
                .endsWith("frame-ancestors 'none'").doesNotContain("unsafe").doesNotContain("https:");
        assertThat(ContentSecurityPolicy.forPages(List.of())).doesNotContain("frame-ancestors");
    }

    @Test
    void embedScriptsAllowExactlyTheirSourcesOrigins() {
        List<String> origins = SiteGenerator.origins(List.of(new XPostRenderer().embedScript(), ""));

        assertThat(origins).containsExactly("https://platform.twitter.com");
        assertThat(ContentSecurityPolicy.forResponses(origins))
                .contains("script-src 'self' https://platform.twitter.com;")
                .contains("frame-src https://platform.twitter.com;").doesNotContain("unsafe");
    }
}
