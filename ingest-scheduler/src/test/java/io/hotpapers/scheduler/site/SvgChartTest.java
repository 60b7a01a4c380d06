package io.hotpapers.scheduler.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {
    private static final Instant DAY = Instant.parse("2021-05-11T00:00:00Z");

    @Test
    void aSeriesOfOnePointIsDrawnAsItsMarker() {
        String svg = SvgChart.render("c", "One", "one point", "Score",
                List.of(new SvgChart.Series("x", List.of(new SvgChart.Point(DAY, 42)))));

        assertThat(svg).doesNotContain("<polyline").contains("<circle r=\"4\" cx=\"");
        assertThat(svg.split("<circle").length - 1).isEqualTo(2); // the point and the legend's sample
    }

    @Test
    void hasATitleAndDescriptionItReferencesAndADateAxis() {
        String svg = SvgChart.render("curve", "Engagement", "Line chart", "Score", List.of(new SvgChart.Series("x",
                List.of(new SvgChart.Point(DAY, 1), new SvgChart.Point(DAY.plusSeconds(3 * 86_400), 9)))));

        assertThat(svg).contains("aria-labelledby=\"curve-title curve-desc\"")
                .contains("<title id=\"curve-title\">Engagement</title><desc id=\"curve-desc\">Line chart</desc>")
                .contains(">May 11<").contains(">May 14, 2021<").contains("Date (UTC)");
    }

    @Test
    void namesAndTitlesFromDataAreEscaped() {
        String svg = SvgChart.render("x\"><script>", "<script>alert(1)</script>", "a & b", "Score",
                List.of(new SvgChart.Series("</text><script>", List.of(new SvgChart.Point(DAY, 1)))));

        assertThat(svg).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("a &amp; b").contains("id=\"x---script--title\"");
    }

    @Test
    void theSameSeriesGiveTheSameBytes() {
        List<SvgChart.Series> series = List.of(new SvgChart.Series("x", List.of(new SvgChart.Point(DAY, 3),
                new SvgChart.Point(DAY.plusSeconds(3600), 5))));

        assertThat(SvgChart.render("a", "t", "d", "v", series)).isEqualTo(SvgChart.render("a", "t", "d", "v", series));
    }

    @Test
    void aLongCurveIsThinnedButKeepsItsEnds() {
        List<SvgChart.Point> hourly = java.util.stream.IntStream.range(0, 2_000)
                .mapToObj(hour -> new SvgChart.Point(DAY.plusSeconds(3600L * hour), hour)).toList();

        List<SvgChart.Point> thinned = SvgChart.thin(hourly);

        assertThat(thinned).hasSizeLessThanOrEqualTo(SvgChart.MAX_POINTS);
        assertThat(thinned.get(thinned.size() - 1)).isEqualTo(hourly.get(hourly.size() - 1));
        assertThat(thinned.get(0).time()).isEqualTo(DAY);
    }

    @Test
    void axisCeilingsAreRoundAndCoordinatesHaveOneDecimal() {
        assertThat(SvgChart.niceCeiling(0)).isEqualTo(4);
        assertThat(SvgChart.niceCeiling(3_800)).isEqualTo(4_000);
        assertThat(SvgChart.niceCeiling(4_100)).isEqualTo(8_000);
        assertThat(SvgChart.number(12.349)).isEqualTo("12.3");
        assertThat(SvgChart.number(-0.26)).isEqualTo("-0.3");
        assertThat(SvgChart.compact(5_214)).isEqualTo("5.2k");
    }
}
