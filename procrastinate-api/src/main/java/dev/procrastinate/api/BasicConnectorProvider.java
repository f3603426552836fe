package dev.procrastinate.api;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link ConnectorProvider} made of its three parts: a name, which URLs it reads, and how it creates a connector.
 * A connector's provider extends it with a public no-argument constructor, as {@link java.util.ServiceLoader} needs:
 *
 * <pre>{@code
 * public final class MyConnectorProvider extends BasicConnectorProvider {
 *     public MyConnectorProvider() { super("my", MyConnector::supports, MyConnector::create); }
 * }
 * }</pre>
 */
public abstract class BasicConnectorProvider implements ConnectorProvider {

    private final String name;
    private final Predicate<String> urls;
    private final Function<ConnectorOptions, ? extends Connector> factory;

    protected BasicConnectorProvider(String name, Predicate<String> urls,
            Function<ConnectorOptions, ? extends Connector> factory) {
        this.name = Objects.requireNonNull(name, "name");
        this.urls = Objects.requireNonNull(urls, "urls");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public final String name() {
        return name;
    }

    /** Whether the URL of the options is one this provider reads (a scheme check, no I/O). */
    @Override
    public final boolean supports(ConnectorOptions options) {
        return urls.test(options.url());
    }

    @Override
    public final Connector create(ConnectorOptions options) {
        return factory.apply(options);
    }
}
