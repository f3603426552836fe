package dev.procrastinate.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/** A PostgreSQL container, only loaded when Testcontainers is asked for. */
final class ContainerServer {

    private ContainerServer() {
    }

    static DatabaseServer start() {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException("PROCRASTINATE_TEST_DATABASE=testcontainers, but no Docker engine is "
                        + "available; unset it to use embedded PostgreSQL");
            }
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("PROCRASTINATE_TEST_DATABASE=testcontainers needs "
                    + "org.testcontainers:postgresql on the test class path", e);
        }
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "procrastinate-container-stop"));
        return new DatabaseServer(container.getHost(), container.getFirstMappedPort(), container.getDatabaseName(),
                container.getUsername(), container.getPassword());
    }
}
