package dev.procrastinate.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.ConnectorNotFoundException;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.ConnectorProvider;
import dev.procrastinate.api.Connectors;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.WorkerOptions;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ConnectorSelectionIntegrationTests {

    @Test
    void allThreeProvidersAreDiscoverable() {
        assertThat(Connectors.providers()).extracting(ConnectorProvider::name)
                .containsExactlyInAnyOrder("jdbc", "pgjdbc-ng", "vertx");
    }

    @Test
    void aUrlSeveralConnectorsAcceptNeedsAChoiceAndTheErrorListsTheCandidates() {
        assertThatThrownBy(() -> Connectors.provider(ConnectorOptions.ofUrl("postgresql://localhost/db")))
                .isInstanceOf(ConnectorNotFoundException.class)
                .hasMessageContaining("jdbc").hasMessageContaining("pgjdbc-ng").hasMessageContaining("vertx").hasMessageContaining("procrastinate.connector");
    }

    @Test
    void eachUrlFormHasOneNaturalConnector() {
        assertThat(Connectors.provider(ConnectorOptions.ofUrl("jdbc:postgresql://h/db")).name()).isEqualTo("jdbc");
        assertThat(Connectors.provider(ConnectorOptions.ofUrl("jdbc:pgsql://h/db")).name()).isEqualTo("pgjdbc-ng");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "pgjdbc-ng", "vertx"})
    void theSameAppCodeRunsUnchangedOnEachConnectorChosenByName(String name, TestDatabase database) {
        ConnectorOptions options = ConnectorOptions.builder().url(database.postgresUrl())
                .property(ConnectorOptions.CONNECTOR, name).build();
        try (App app = App.fromOptions(options)) {
            assertThat(app.connector().name()).isEqualTo(name);
            app.schema().apply();
            app.task("double", ctx -> ctx.jobManager().getJob(ctx.job().id()));
            List<Long> ids = app.batchDefer("double", List.of(Map.of("n", 1), Map.of("n", 2)));

            app.runWorker(WorkerOptions.builder().waitForJobs(false).installSignalHandlers(false).build());

            assertThat(ids).allSatisfy(id -> assertThat(app.jobManager().getJob(id).orElseThrow().status())
                    .isEqualTo(JobStatus.SUCCEEDED));
        }
    }

    @Test
    void theSystemPropertyChoosesTheConnector(TestDatabase database) {
        String previous = System.getProperty(Connectors.PROPERTY);
        System.setProperty(Connectors.PROPERTY, "pgjdbc-ng");
        try (App app = App.fromUrl(database.postgresUrl())) {
            assertThat(app.connector().name()).isEqualTo("pgjdbc-ng");
        } finally {
            if (previous == null) {
                System.clearProperty(Connectors.PROPERTY);
            } else {
                System.setProperty(Connectors.PROPERTY, previous);
            }
        }
    }
}
