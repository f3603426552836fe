package dev.procrastinate.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, and the schema version it speaks. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"procrastinate-java " + (version == null ? "development build" : version)
                + " (schema 3.9)"};
    }
}
