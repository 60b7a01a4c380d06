package io.hotpapers.scheduler.cli;

import io.hotpapers.core.files.AtomicFileWriter;
import io.hotpapers.core.text.UntrustedText;
import io.hotpapers.core.text.Xml;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
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
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws line charts (JFreeChart) as PNG or SVG, written atomically: title, axis labels, legend, time axis in UTC.
 * The look is the web site's ({@code site.css}): white plot, light grid, thick lines told apart by colour (each of
 * contrast at least 3:1 on white), dash pattern and a marker on every point, so that a series of one point shows.
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

    /** The web site's palette (light scheme) and dash patterns, in series order. */
    private static final Color[] COLOURS = {new Color(0x0b57d0), new Color(0xb3261e), new Color(0x146c2e),
        new Color(0x8a4b00), new Color(0x6a2fb8), new Color(0x005f73)};
    private static final float[][] DASHES = {null, {8f, 4f}, {2f, 4f}, {12f, 4f, 2f, 4f}, {4f, 2f},
        {10f, 3f, 3f, 3f, 3f, 3f}};

    /** A chart over time: the axis shows dates and times. */
    static void write(Path file, String title, String valueLabel, Map<String, List<Point>> series) throws IOException {
        write(file, title, valueLabel, series, false);
    }

    /** @param daily whether the points are days (mailing dates): the axis then shows dates alone, a day apart at least */
    static void write(Path file, String title, String valueLabel, Map<String, List<Point>> series, boolean daily)
            throws IOException {
        TimeSeriesCollection data = new TimeSeriesCollection(TimeZone.getTimeZone("UTC"));
        Set<String> names = new HashSet<>();
        series.forEach((name, points) -> {
            TimeSeries line = new TimeSeries(uniqueName(Xml.text(name, UntrustedText.CATEGORY), names));
            points.forEach(point -> line.addOrUpdate(new FixedMillisecond(Date.from(point.time())), point.value()));
            data.addSeries(line);
        });
        JFreeChart chart = ChartFactory.createTimeSeriesChart(Xml.text(title, UntrustedText.TITLE), "Time (UTC)",
                valueLabel, data, true, false, false);
        DateAxis axis = (DateAxis) chart.getXYPlot().getDomainAxis();
        axis.setTimeZone(TimeZone.getTimeZone("UTC"));
        if (daily) {
            axis.setLabel("Mailing date (UTC)");
            SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd", Locale.ROOT);
            day.setTimeZone(TimeZone.getTimeZone("UTC"));
            long days = Math.max(1, Math.round(data.getDomainUpperBound(false) - data.getDomainLowerBound(false))
                    / 86_400_000L);
            axis.setTickUnit(new DateTickUnit(DateTickUnitType.DAY, (int) Math.max(1, (days + 7) / 8), day));
        }
        style(chart.getXYPlot(), data.getSeriesCount());
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
            chart.draw(graphics, new Rectangle(0, 0, WIDTH, HEIGHT));
            // the bare element: an SVG DOCTYPE is discouraged and trips parsers that refuse DTDs
            AtomicFileWriter.write(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + graphics.getSVGElement() + "\n");
        } else {
            AtomicFileWriter.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT));
        }
    }

    private static void style(XYPlot plot, int seriesCount) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xd7d7de));
        plot.setRangeGridlinePaint(new Color(0xd7d7de));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int index = 0; index < seriesCount; index++) {
            float[] dash = DASHES[index % DASHES.length];
            renderer.setSeriesPaint(index, COLOURS[index % COLOURS.length]);
            renderer.setSeriesStroke(index, dash == null
                    ? new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                    : new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
            renderer.setSeriesShape(index, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        plot.setRenderer(renderer);
        // counts from zero, in whole numbers: a flat or single-valued series is not blown up to fill the plot
        NumberAxis values = (NumberAxis) plot.getRangeAxis();
        values.setAutoRangeIncludesZero(true);
        values.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
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
