package io.hotpapers.scheduler.site;

import io.hotpapers.core.text.Html;
import io.hotpapers.core.text.UntrustedText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Line charts as inline SVG, for the web site: a title and description for assistive technology, a date axis in
 * UTC, a value axis from 0, one thick line per series told apart by colour, dash pattern and marker (the colours
 * come from the page's style sheet, light or dark). A series of one point is drawn as its marker. Pure: the same
 * series give the same bytes.
 */
public final class SvgChart {
    static final int WIDTH = 640;
    static final int HEIGHT = 280;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 48;
    private static final int BOTTOM = 40;
    /** Beyond this many points a line shows its last point's marker only. */
    private static final int MARKERS_UP_TO = 40;
    /** A series longer than this is thinned to the last point of each of this many equal time spans. */
    static final int MAX_POINTS = 240;
    /** The styles a series can take, in order; the style sheet gives each its colour and dash pattern. */
    static final int STYLES = 6;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_AND_YEAR = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private SvgChart() {
    }

    /** One point: a time and a value. */
    public record Point(Instant time, long value) {
    }

    /** One named line. */
    public record Series(String name, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /**
     * The chart as one {@code <svg>} element.
     *
     * @param id unique on the page: the title and description are referenced by it
     */
    public static String render(String id, String title, String description, String valueLabel, List<Series> series) {
        List<Series> drawn = series.stream().filter(line -> !line.points().isEmpty())
                .map(line -> new Series(line.name(), thin(line.points()))).toList();
        Instant first = drawn.stream().flatMap(line -> line.points().stream()).map(Point::time).min(Instant::compareTo)
                .orElse(Instant.EPOCH);
        Instant last = drawn.stream().flatMap(line -> line.points().stream()).map(Point::time).max(Instant::compareTo)
                .orElse(Instant.EPOCH);
        if (!last.isAfter(first)) {
            // one moment: a day either side, so that its points stand in the middle
            first = first.minus(Duration.ofDays(1));
            last = last.plus(Duration.ofDays(1));
        }
        long max = drawn.stream().flatMap(line -> line.points().stream()).mapToLong(Point::value).max().orElse(0);
        long top = niceCeiling(max);
        Scale scale = new Scale(first, last, top);
        String safeId = id.replaceAll("[^A-Za-z0-9-]", "-");
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"").append(safeId).append("-title ").append(safeId)
                .append("-desc\" xmlns=\"http://www.w3.org/2000/svg\">")
                .append("<title id=\"").append(safeId).append("-title\">").append(Html.text(title, UntrustedText.TITLE))
                .append("</title><desc id=\"").append(safeId).append("-desc\">")
                .append(Html.text(description, UntrustedText.ABSTRACT)).append("</desc>");
        axes(svg, scale, valueLabel);
        for (int index = 0; index < drawn.size(); index++) {
            line(svg, scale, drawn.get(index), index % STYLES);
        }
        legend(svg, drawn);
        return svg.append("</svg>").toString();
    }

    private record Scale(Instant first, Instant last, long top) {
        double x(Instant time) {
            double span = Duration.between(first, last).toSeconds();
            return LEFT + (WIDTH - LEFT - RIGHT) * Duration.between(first, time).toSeconds() / span;
        }

        double y(long value) {
            return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (double) value / top);
        }
    }

    private static void axes(StringBuilder svg, Scale scale, String valueLabel) {
        svg.append("<g class=\"axis\">");
        for (int tick = 0; tick <= 4; tick++) {
            long value = scale.top() * tick / 4;
            String y = number(scale.y(value));
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(y).append("\" y2=\"").append(y).append("\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(y)
                    .append("\" text-anchor=\"end\" dominant-baseline=\"middle\">").append(compact(value))
                    .append("</text>");
        }
        long days = Math.max(1, Duration.between(scale.first(), scale.last()).toDays());
        int ticks = (int) Math.min(4, days);
        for (int tick = 0; tick <= ticks; tick++) {
            Instant time = scale.first().plus(Duration.between(scale.first(), scale.last()).multipliedBy(tick)
                    .dividedBy(ticks));
            String anchor = tick == 0 ? "start" : tick == ticks ? "end" : "middle";
            svg.append("<text x=\"").append(number(scale.x(time))).append("\" y=\"").append(HEIGHT - BOTTOM + 18)
                    .append("\" text-anchor=\"").append(anchor).append("\">")
                    .append((tick == ticks ? DAY_AND_YEAR : DAY).format(time)).append("</text>");
        }
        svg.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 4).append("\">Date (UTC)</text>")
                .append("<text x=\"4\" y=\"14\">").append(Html.text(valueLabel, UntrustedText.TITLE))
                .append("</text></g>");
    }

    private static void line(StringBuilder svg, Scale scale, Series series, int style) {
        svg.append("<g class=\"series series-").append(style).append("\">");
        List<Point> points = series.points();
        if (points.size() > 1) {
            svg.append("<polyline points=\"");
            for (int i = 0; i < points.size(); i++) {
                svg.append(i == 0 ? "" : " ").append(number(scale.x(points.get(i).time()))).append(',')
                        .append(number(scale.y(points.get(i).value())));
            }
            svg.append("\"/>");
        }
        List<Point> marked = points.size() <= MARKERS_UP_TO ? points : List.of(points.get(points.size() - 1));
        for (Point point : marked) {
            svg.append("<circle r=\"4\" cx=\"").append(number(scale.x(point.time()))).append("\" cy=\"")
                    .append(number(scale.y(point.value()))).append("\"/>");
        }
        svg.append("</g>");
    }

    private static void legend(StringBuilder svg, List<Series> drawn) {
        int x = LEFT;
        svg.append("<g class=\"legend\">");
        for (int index = 0; index < drawn.size(); index++) {
            String name = Html.text(drawn.get(index).name(), UntrustedText.CATEGORY);
            svg.append("<g class=\"series series-").append(index % STYLES).append("\"><line x1=\"").append(x)
                    .append("\" x2=\"").append(x + 24).append("\" y1=\"32\" y2=\"32\"/><circle r=\"4\" cx=\"")
                    .append(x + 12).append("\" cy=\"32\"/></g><text x=\"").append(x + 30)
                    .append("\" y=\"32\" dominant-baseline=\"middle\">").append(name).append("</text>");
            x += 44 + 8 * drawn.get(index).name().length();
        }
        svg.append("</g>");
    }

    /**
     * The first point, then the last point of each of {@link #MAX_POINTS} - 1 equal time spans, so that a long curve
     * keeps its start, its end and its shape.
     */
    static List<Point> thin(List<Point> points) {
        if (points.size() <= MAX_POINTS) {
            return points;
        }
        Instant first = points.get(0).time();
        long span = Math.max(1, Duration.between(first, points.get(points.size() - 1).time()).toSeconds());
        List<Point> thinned = new ArrayList<>(List.of(points.get(0)));
        long bucket = -1;
        int buckets = MAX_POINTS - 1;
        for (Point point : points.subList(1, points.size())) {
            long current = Math.min(buckets - 1, Duration.between(first, point.time()).toSeconds() * buckets / span);
            if (current == bucket && thinned.size() > 1) {
                thinned.set(thinned.size() - 1, point);
            } else {
                thinned.add(point);
                bucket = current;
            }
        }
        return thinned;
    }

    /** The smallest of 1, 2 or 5 times a power of ten, times 4 ticks, that is at least the value (at least 4). */
    static long niceCeiling(long max) {
        long step = 1;
        while (step * 4 < max) {
            long next = step * 10;
            if (step * 2 * 4 >= max) {
                return step * 2 * 4;
            }
            if (step * 5 * 4 >= max) {
                return step * 5 * 4;
            }
            if (next < step) {
                return Long.MAX_VALUE;
            }
            step = next;
        }
        return step * 4;
    }

    /** 1234 as {@code 1.2k}, 5600000 as {@code 5.6M}. */
    static String compact(long value) {
        if (value < 1_000) {
            return Long.toString(value);
        }
        if (value < 1_000_000) {
            return trim(value / 1_000.0) + "k";
        }
        return trim(value / 1_000_000.0) + "M";
    }

    private static String trim(double value) {
        String text = number(value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    /** One decimal, without String.format: a year of paper pages draws millions of coordinates. */
    static String number(double value) {
        long tenths = Math.round(value * 10);
        String sign = tenths < 0 ? "-" : "";
        tenths = Math.abs(tenths);
        return sign + tenths / 10 + "." + tenths % 10;
    }
}
