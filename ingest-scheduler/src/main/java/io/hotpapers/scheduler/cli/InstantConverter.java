package io.hotpapers.scheduler.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses an instant given as ISO-8601 with a zone or offset ({@code 2021-05-12T08:56:20Z}). */
final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value
                    + "' is not a valid instant (expected ISO-8601 with offset, e.g. 2021-05-12T08:56:20Z)");
        }
    }
}
