package io.hotpapers.scheduler.cli;

import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.config.InvalidSettingException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --categories} option of the commands that can override {@code HOTPAPERS_CATEGORIES}. */
final class CategoriesOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--categories", paramLabel = "CATS",
            description = "Comma-separated arXiv categories or archives (default: HOTPAPERS_CATEGORIES).")
    String categories;

    /** The configuration with the categories given on the command line, validated like the setting. */
    HotpapersConfig apply(CliContext context) {
        HotpapersConfig config = context.config();
        if (categories == null) {
            return config;
        }
        try {
            return config.withCategories(context.taxonomy().parseList("--categories", categories));
        } catch (InvalidSettingException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
