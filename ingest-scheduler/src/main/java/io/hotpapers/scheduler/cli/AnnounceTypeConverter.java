package io.hotpapers.scheduler.cli;

import io.hotpapers.core.paper.AnnounceType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an announce type as arXiv spells it ({@code replace-cross}), or with an underscore. */
final class AnnounceTypeConverter implements ITypeConverter<AnnounceType> {
    @Override
    public AnnounceType convert(String value) {
        try {
            return AnnounceType.fromWireName(value.replace('_', '-'));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not an announce type (new, cross, replace, "
                    + "replace-cross)");
        }
    }
}
