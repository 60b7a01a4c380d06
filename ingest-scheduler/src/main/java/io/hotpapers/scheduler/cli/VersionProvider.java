package io.hotpapers.scheduler.cli;

import picocli.CommandLine.IVersionProvider;

/** The version the build wrote into the jar manifest. */
final class VersionProvider implements IVersionProvider {

    static String version() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"hotpapers " + version(), "Java " + Runtime.version()};
    }
}
