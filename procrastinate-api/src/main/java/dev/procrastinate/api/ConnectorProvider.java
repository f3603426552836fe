package dev.procrastinate.api;

/**
 * Creates connectors of one kind. Registered in {@code META-INF/services/dev.procrastinate.api.ConnectorProvider}
 * and found by {@link Connectors}. Implementations have a public no-argument constructor and are stateless.
 */
public interface ConnectorProvider {

    /** A short unique name used to choose this provider explicitly: {@code jdbc}, {@code pgjdbc-ng}, {@code vertx}. */
    String name();

    /** Whether this provider can connect to the URL of these options (a scheme check, no I/O). */
    boolean supports(ConnectorOptions options);

    /** Creates a connector, not yet opened. Throws {@link ConfigurationException} for options it cannot use. */
    Connector create(ConnectorOptions options);

    /** Maven coordinates users add to get this provider, for error messages. */
    default String artifact() {
        return "dev.procrastinate:connector-" + name();
    }
}
