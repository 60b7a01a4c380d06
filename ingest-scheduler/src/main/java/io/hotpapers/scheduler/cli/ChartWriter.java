package io.hotpapers.scheduler.cli;

import io.hotpapers.core.files.AtomicFileWriter;
import io.hotpapers.core.text.UntrustedText;
import io.hotpapers.core.text.Xml;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws line charts (JFreeChart) as PNG or SVG, written atomically: title, axis labels, legend, time axis in UTC.
 * Series names come from stored data (categories): they are cleaned for XML ({@link Xml}) and bounded, as JFreeSVG
 * escapes markup but would write a control character into the file as is.
 */
final class ChartWriter {
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    /** One point of a series. */
    record Point(Instant time, Number value) {
    }

    /** Whether the file name asks for a format ChartWriter can draw. */
    static boolean supports(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".svg");
    }

    static void write(Path file, String title, String valueLabel, Map<String, List<Point>> series) throws IOException {
        TimeSeriesCollection data = new TimeSeriesCollection(TimeZone.getTimeZone("UTC"));
        Set<String> names = new HashSet<>();
        series.forEach((name, points) -> {
            TimeSeries line = new TimeSeries(uniqueName(Xml.text(name, UntrustedText.CATEGORY), names));
            points.forEach(point -> line.addOrUpdate(new FixedMillisecond(Date.from(point.time())), point.value()));
            data.addSeries(line);
        });
        JFreeChart chart = ChartFactory.createTimeSeriesChart(Xml.text(title, UntrustedText.TITLE), "Time (UTC)",
                valueLabel, data, true, false, false);
        ((DateAxis) chart.getXYPlot().getDomainAxis()).setTimeZone(TimeZone.getTimeZone("UTC"));
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
            chart.draw(graphics, new Rectangle(0, 0, WIDTH, HEIGHT));
            // the bare element: an SVG DOCTYPE is discouraged and trips parsers that refuse DTDs
            AtomicFileWriter.write(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + graphics.getSVGElement() + "\n");
        } else {
            AtomicFileWriter.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT));
        }
    }

    /** Two names that clean to the same text still make two series (JFreeChart refuses a repeated key). */
    private static String uniqueName(String name, Set<String> taken) {
        String unique = name;
        for (int copy = 2; !taken.add(unique); copy++) {
            unique = name + " (" + copy + ")";
        }
        return unique;
    }
}
