package io.hotpapers.scheduler.cli;

import io.hotpapers.scheduler.App;
import picocli.CommandLine.IVersionProvider;

/** The version the build wrote into the jar manifest. */
final class VersionProvider implements IVersionProvider {

    static String version() {
        return App.version();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"hotpapers " + version(), "Java " + Runtime.version()};
    }
}
