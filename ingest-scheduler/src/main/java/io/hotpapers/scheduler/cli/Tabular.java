package io.hotpapers.scheduler.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hotpapers.core.text.Terminal;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rows with named columns, printed as an aligned table, CSV (RFC 4180) or a JSON array of objects. Text cells hold
 * untrusted text (titles, categories): the table and CSV show it on one line without control characters or
 * terminal escape sequences, the table cuts it at {@value #MAX_TABLE_CELL} characters, and CSV defuses a leading
 * formula character; JSON keeps it exactly, escaped by Jackson.
 */
final class Tabular {
    /** The widest text cell of a table, so one long title cannot push every row off the screen. */
    static final int MAX_TABLE_CELL = 120;
    /** The longest text cell of a CSV row. */
    private static final int MAX_CSV_CELL = 10_000;

    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    Tabular(String... columns) {
        this.columns = List.of(columns);
    }

    Tabular add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " values, got " + values.length);
        }
        rows.add(List.of(values));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out, OutputFormat format, ObjectMapper json) {
        switch (format) {
            case TABLE -> table(out);
            case CSV -> csv(out);
            case JSON -> json(out, json);
        }
        out.flush();
    }

    private void table(PrintWriter out) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
            for (List<Object> row : rows) {
                widths[i] = Math.max(widths[i], tableText(row.get(i)).length());
            }
        }
        out.println(line(columns.stream().map(Object.class::cast).toList(), widths));
        for (List<Object> row : rows) {
            out.println(line(row, widths));
        }
    }

    /** Numbers align right, text left. */
    private static String line(List<Object> values, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            String text = tableText(value);
            String format = "%" + (value instanceof Number ? "" : "-") + widths[i] + "s";
            line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, format, text));
        }
        return line.toString().stripTrailing();
    }

    private void csv(PrintWriter out) {
        out.println(String.join(",", columns));
        for (List<Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (Object value : row) {
                String text = value instanceof String untrusted ? csvText(untrusted) : text(value);
                boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
                cells.add(quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text);
            }
            out.println(String.join(",", cells));
        }
    }

    private void json(PrintWriter out, ObjectMapper json) {
        ArrayNode array = json.createArrayNode();
        for (List<Object> row : rows) {
            ObjectNode object = array.addObject();
            for (int i = 0; i < columns.size(); i++) {
                Object value = row.get(i);
                if (value == null) {
                    object.putNull(columns.get(i));
                } else if (value instanceof Long number) {
                    object.put(columns.get(i), number);
                } else if (value instanceof Integer number) {
                    object.put(columns.get(i), number);
                } else if (value instanceof Double number) {
                    object.put(columns.get(i), number);
                } else {
                    object.put(columns.get(i), value.toString());
                }
            }
        }
        try {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tableText(Object value) {
        return value instanceof String untrusted ? Terminal.text(untrusted, MAX_TABLE_CELL) : text(value);
    }

    /** One clean line; a leading {@code = + - @} gets a quote, so a spreadsheet does not run it as a formula. */
    private static String csvText(String untrusted) {
        String text = Terminal.text(untrusted, MAX_CSV_CELL);
        return !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double number) {
            return String.format(Locale.ROOT, "%.2f", number);
        }
        return value.toString();
    }
}
