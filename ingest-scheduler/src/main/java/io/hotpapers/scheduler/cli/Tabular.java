package io.hotpapers.scheduler.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Rows with named columns, printed as an aligned table, CSV (RFC 4180) or a JSON array of objects. */
final class Tabular {
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
                widths[i] = Math.max(widths[i], text(row.get(i)).length());
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
            String text = text(value);
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
                String text = text(value);
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
