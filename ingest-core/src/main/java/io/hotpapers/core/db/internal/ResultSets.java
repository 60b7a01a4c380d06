package io.hotpapers.core.db.internal;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** Reads PostgreSQL column types the same way in every store. */
public final class ResultSets {
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);

    private ResultSets() {
    }

    /** A {@code timestamptz} column as an {@link Instant}, or {@code null}. */
    public static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A {@code text[]} column as an immutable list. */
    public static List<String> strings(ResultSet rows, String column) throws SQLException {
        Array array = rows.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    /** An integer column that may be SQL {@code NULL}. */
    public static Integer nullableInt(ResultSet rows, String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    /**
     * A numeric column (a sum of counts, which cannot overflow in SQL) as a long, capped at the long range; SQL
     * {@code NULL} reads as 0. Only sums past 2^63 - 1 are capped, far beyond any real engagement.
     */
    public static long saturatedLong(ResultSet rows, String column) throws SQLException {
        BigDecimal value = rows.getBigDecimal(column);
        if (value == null) {
            return 0;
        }
        if (value.compareTo(LONG_MAX) > 0) {
            return Long.MAX_VALUE;
        }
        if (value.compareTo(LONG_MIN) < 0) {
            return Long.MIN_VALUE;
        }
        return value.longValue();
    }

    /** A bigint column that may be SQL {@code NULL}. */
    public static Long nullableLong(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }
}
