package dev.procrastinate.api;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link ConnectorProvider} made of its three parts: a name, which options it can use, and how it creates a
 * connector.
 * A connector's provider extends it with a public no-argument constructor, as {@link java.util.ServiceLoader} needs:
 *
 * <pre>{@code
 * public final class MyConnectorProvider extends BasicConnectorProvider {
 *     public MyConnectorProvider() { super("my", options -> MyConnector.supports(options.url()), MyConnector::create); }
 * }
 * }</pre>
 */
public abstract class BasicConnectorProvider implements ConnectorProvider {

    private final String name;
    private final Predicate<ConnectorOptions> supported;
    private final Function<ConnectorOptions, ? extends Connector> factory;

    /** {@code supported}: whether the options are ones this provider can use (a URL scheme check, no I/O). */
    protected BasicConnectorProvider(String name, Predicate<ConnectorOptions> supported,
            Function<ConnectorOptions, ? extends Connector> factory) {
        this.name = Objects.requireNonNull(name, "name");
        this.supported = Objects.requireNonNull(supported, "supported");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean supports(ConnectorOptions options) {
        return supported.test(options);
    }

    @Override
    public final Connector create(ConnectorOptions options) {
        return factory.apply(options);
    }
}
