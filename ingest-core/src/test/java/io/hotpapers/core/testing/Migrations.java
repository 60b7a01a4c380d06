package io.hotpapers.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Facts about the migrations in the top-level {@code sql/} folder, so tests need no edit when one is added. */
public final class Migrations {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");
    private static final Path SQL = Path.of("..", "sql");
    private static final Pattern REPEATABLE = Pattern.compile("R__.+\\.sql");

    private Migrations() {
    }

    /** The highest version in {@code sql/}, which a fully migrated database reports. */
    public static String latestVersion() {
        return Integer.toString(versions().max().orElseThrow());
    }

    /** How many migrations a fresh database applies: every versioned one, then every repeatable one. */
    public static int count() {
        return (int) versions().count() + repeatables();
    }

    private static int repeatables() {
        try (Stream<Path> files = Files.list(SQL)) {
            return (int) files.filter(file -> REPEATABLE.matcher(file.getFileName().toString()).matches()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + SQL.toAbsolutePath(), e);
        }
    }

    private static IntStream versions() {
        try (Stream<Path> files = Files.list(SQL)) {
            int[] versions = files.map(file -> VERSIONED.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(matcher -> Integer.parseInt(matcher.group(1)))
                    .toArray();
            return IntStream.of(versions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + SQL.toAbsolutePath(), e);
        }
    }
}
