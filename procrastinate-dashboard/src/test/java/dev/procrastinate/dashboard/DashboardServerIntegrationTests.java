package dev.procrastinate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.connector.jdbc.JdbcConnector;
import dev.procrastinate.core.App;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The standalone server: loopback by default, authentication required anywhere else. */
@ExtendWith(PostgresExtension.class)
class DashboardServerIntegrationTests {

    private static final String TOKEN = "0123456789abcdef-token";

    private App app;
    private Dashboard dashboard;

    @BeforeEach
    void setUp(TestDatabase database) {
        app = App.create(JdbcConnector.create(database.connectorOptions()));
        app.schema().apply();
        dashboard = Dashboard.builder(app.connector()).build();
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void listensOnLoopbackByDefaultWithoutAuthentication() {
        try (DashboardServer server = DashboardServer.builder(dashboard).port(0).start()) {
            assertThat(server.url()).startsWith("http://127.0.0.1:");
            assertThat(new Http(server).get("/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesToListenOnAllAddressesWithoutAUserOrAToken() {
        assertThatThrownBy(() -> DashboardServer.builder(dashboard).bind("0.0.0.0").port(0).start())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("refusing to serve the dashboard on 0.0.0.0 without authentication")
                .hasMessageContaining("--user, --password").hasMessageContaining("--token");
    }

    @Test
    void withAUserEveryRequestNeedsItsPassword() {
        try (DashboardServer server = DashboardServer.builder(dashboard).bind("0.0.0.0").port(0)
                .user("ops", "s3cret").start()) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> anonymous = new Http(base, null).get("/");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue(
                    "Basic realm=\"procrastinate\", charset=\"UTF-8\"");
            assertThat(new Http(base, basic("ops", "wrong")).get("/").statusCode()).isEqualTo(401);
            assertThat(new Http(base, basic("other", "s3cret")).get("/api/overview").statusCode()).isEqualTo(401);
            assertThat(new Http(base, basic("ops", "s3cret")).get("/").statusCode()).isEqualTo(200);
            assertThat(new Http(base, basic("ops", "s3cret")).get("/static/dashboard.js").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aTokenIsAcceptedAsBearerOrAsTheBasicPassword() {
        try (DashboardServer server = DashboardServer.builder(dashboard).bind("0.0.0.0").port(0).token(TOKEN)
                .start()) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(new Http(base, null).get("/jobs").statusCode()).isEqualTo(401);
            assertThat(new Http(base, "Bearer nope-nope-nope-nope").get("/jobs").statusCode()).isEqualTo(401);
            assertThat(new Http(base, "Bearer " + TOKEN).get("/jobs").statusCode()).isEqualTo(200);
            assertThat(new Http(base, basic("anyone", TOKEN)).get("/jobs").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aShortTokenOrAUserWithoutPasswordIsAConfigurationError() {
        assertThatThrownBy(() -> DashboardServer.builder(dashboard).token("short"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("at least 16 characters");
        assertThatThrownBy(() -> DashboardServer.builder(dashboard).user("ops", ""))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("non-empty password");
    }
}
