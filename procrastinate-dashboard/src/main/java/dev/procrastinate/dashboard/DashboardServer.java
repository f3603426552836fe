package dev.procrastinate.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.procrastinate.api.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Dashboard} with the JDK's HTTP server. Binds to {@code 127.0.0.1} by default; bound to any other
 * address it refuses to start without a user and password or a token. The token is accepted as
 * {@code Authorization: Bearer TOKEN} or as the password of HTTP Basic (any user name), so a browser can use it.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final int MAX_FORM = 64 * 1024;

    private final Dashboard dashboard;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String user;
    private final String password;
    private final String token;

    private DashboardServer(Builder builder) throws IOException {
        this.dashboard = builder.dashboard;
        this.user = builder.user;
        this.password = builder.password;
        this.token = builder.token;
        InetAddress address = address(builder.bind);
        if (!address.isLoopbackAddress() && user == null && token == null) {
            throw new ConfigurationException("refusing to serve the dashboard on " + builder.bind + " without "
                    + "authentication: give a user and password (--user, --password) or a token (--token), or bind "
                    + "to 127.0.0.1");
        }
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(builder.threads, runnable -> {
            Thread thread = new Thread(runnable, "procrastinate-dashboard-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(address, builder.port), 50);
        server.createContext("/", this::exchange);
        server.setExecutor(executor);
        server.start();
        LOG.info("procrastinate dashboard on {} ({})", url(), dashboard.actionsEnabled() ? "actions enabled"
                : "read-only");
    }

    public static Builder builder(Dashboard dashboard) {
        return new Builder(dashboard);
    }

    private static InetAddress address(String bind) {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ConfigurationException("cannot bind the dashboard to '" + bind + "': unknown host", e);
        }
    }

    /** The port the server listens on (the one the system chose when built with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port/}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/";
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            DashboardResponse response;
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                response = DashboardResponse.of(401, DashboardResponse.TEXT,
                        "authentication required\n".getBytes(StandardCharsets.UTF_8),
                        Map.of("WWW-Authenticate", "Basic realm=\"procrastinate\", charset=\"UTF-8\""));
            } else {
                response = dashboard.handle(request(exchange));
            }
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length == 0 ? -1
                    : response.body().length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("dashboard exchange failed", e);
            throw e;
        }
    }

    private DashboardRequest request(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod().equals("HEAD") ? "GET" : exchange.getRequestMethod();
        Map<String, String> form = Map.of();
        if (method.equals("POST")) {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readNBytes(MAX_FORM + 1);
                if (body.length > MAX_FORM) {
                    throw new UncheckedIOException(new IOException("form larger than " + MAX_FORM + " bytes"));
                }
                form = FormData.parse(new String(body, StandardCharsets.UTF_8));
            }
        }
        return new DashboardRequest(method, uri.getPath(), "", FormData.parse(uri.getRawQuery()), form, Map.of());
    }

    private boolean authorized(String header) {
        if (user == null && token == null) {
            return true;
        }
        if (header == null) {
            return false;
        }
        if (token != null && header.startsWith("Bearer ")) {
            return same(header.substring(7).trim(), token);
        }
        if (!header.startsWith("Basic ")) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String givenUser = decoded.substring(0, colon);
        String givenPassword = decoded.substring(colon + 1);
        boolean userOk = user != null && same(givenUser, user) & same(givenPassword, password);
        boolean tokenOk = token != null && same(givenPassword, token);
        return userOk || tokenOk;
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Stops accepting requests, gives running ones a second to finish, and stops the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    /** Builder: 127.0.0.1, port 8480, no authentication, 4 threads. */
    public static final class Builder {
        private final Dashboard dashboard;
        private String bind = "127.0.0.1";
        private int port = 8480;
        private String user;
        private String password;
        private String token;
        private int threads = 4;

        private Builder(Dashboard dashboard) {
            this.dashboard = Objects.requireNonNull(dashboard, "dashboard");
        }

        /** The address to listen on; anything but a loopback address needs {@link #user} or {@link #token}. */
        public Builder bind(String value) {
            this.bind = Objects.requireNonNull(value, "bind");
            return this;
        }

        /** The port, 0 for any free one. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new ConfigurationException("dashboard port must be between 0 and 65535, got " + value);
            }
            this.port = value;
            return this;
        }

        /** HTTP Basic credentials every request must carry. */
        public Builder user(String name, String secret) {
            if (name == null || name.isBlank() || name.contains(":") || secret == null || secret.isEmpty()) {
                throw new ConfigurationException("dashboard user needs a name without ':' and a non-empty password");
            }
            this.user = name;
            this.password = secret;
            return this;
        }

        /** A token every request must carry, as a Bearer token or as the Basic password. */
        public Builder token(String value) {
            if (value == null || value.length() < 16) {
                throw new ConfigurationException("dashboard token must be at least 16 characters long");
            }
            this.token = value;
            return this;
        }

        public Builder threads(int value) {
            if (value < 1) {
                throw new ConfigurationException("dashboard threads must be at least 1, got " + value);
            }
            this.threads = value;
            return this;
        }

        /** Starts the server; an {@link UncheckedIOException} when the port cannot be bound. */
        public DashboardServer start() {
            try {
                return new DashboardServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
            }
        }
    }
}
