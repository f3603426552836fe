package dev.procrastinate.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds a {@link ConnectorProvider} with {@link ServiceLoader}, using the class loader of this SPI.
 *
 * <p>With one provider that supports the URL, it is used. With several, the one named by the option
 * {@code connector}, the system property {@value #PROPERTY} or the environment variable {@value #ENVIRONMENT}
 * is used, in that order. Zero matches, several without a choice, or a choice that is not there are
 * {@link ConnectorNotFoundException}s whose message lists what is available.
 */
public final class Connectors {

    public static final String PROPERTY = "procrastinate.connector";
    public static final String ENVIRONMENT = "PROCRASTINATE_CONNECTOR";

    private static final String KNOWN_ARTIFACTS =
            "dev.procrastinate:connector-jdbc, dev.procrastinate:connector-pgjdbc-ng or dev.procrastinate:connector-vertx";

    private Connectors() {
    }

    /** Every provider on the class path. */
    public static List<ConnectorProvider> providers() {
        List<ConnectorProvider> providers = new ArrayList<>();
        ServiceLoader.load(ConnectorProvider.class, ConnectorProvider.class.getClassLoader())
                .forEach(providers::add);
        return providers;
    }

    /** A connector for this URL, chosen as the class documentation says. */
    public static Connector create(String url) {
        return create(ConnectorOptions.ofUrl(url));
    }

    /** A connector for these options, chosen as the class documentation says. */
    public static Connector create(ConnectorOptions options) {
        return provider(options).create(options);
    }

    /** The connector of the provider with this name, whatever else is on the class path. */
    public static Connector get(String name, ConnectorOptions options) {
        return byName(name, providers()).create(options);
    }

    /** The provider that {@link #create(ConnectorOptions)} would use. */
    public static ConnectorProvider provider(ConnectorOptions options) {
        List<ConnectorProvider> all = providers();
        String chosen = options.property(ConnectorOptions.CONNECTOR).orElseGet(Connectors::chosenByEnvironment);
        if (chosen != null && !chosen.isBlank()) {
            return byName(chosen.trim(), all);
        }
        List<ConnectorProvider> matching = all.stream().filter(p -> p.supports(options)).toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.isEmpty()) {
            throw new ConnectorNotFoundException(all.isEmpty()
                    ? "no procrastinate connector on the class path; add one of " + KNOWN_ARTIFACTS
                    : "no connector supports URL '" + options.url() + "'; available connectors: " + names(all)
                            + " (URLs look like postgresql://host:5432/db or jdbc:postgresql://host:5432/db)");
        }
        throw new ConnectorNotFoundException("several connectors support URL '" + options.url() + "': "
                + names(matching) + "; choose one with -D" + PROPERTY + "=NAME, the environment variable "
                + ENVIRONMENT + " or Connectors.get(NAME, options)");
    }

    private static String chosenByEnvironment() {
        String property = System.getProperty(PROPERTY);
        return property != null ? property : System.getenv(ENVIRONMENT);
    }

    private static ConnectorProvider byName(String name, List<ConnectorProvider> all) {
        return all.stream()
                .filter(p -> p.name().equals(name.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new ConnectorNotFoundException("connector '" + name + "' not found; available: "
                        + names(all) + (all.isEmpty() ? " (add one of " + KNOWN_ARTIFACTS + ")" : "")));
    }

    private static String names(List<ConnectorProvider> providers) {
        return providers.stream().map(ConnectorProvider::name).collect(Collectors.joining(", ", "[", "]"));
    }
}
