package dev.procrastinate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.procrastinate.api.Connectors;
import dev.procrastinate.core.App;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class QueueControlBenchIntegrationTests {

    private static final String ROLE = "bench_without_checkpoint";

    @Test
    void aServerThatRefusesCheckpointIsSaidSoOnceAndTheDrainsGoOnWithoutIt(TestDatabase database) {
        try (App admin = App.create(Connectors.get("jdbc", database.connectorOptions()))) {
            assumeTrue(admin.connector().query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").get(0)
                    .getBoolean("rolsuper"), "the test role may create the role without CHECKPOINT");
            admin.connector().executeScript("DROP ROLE IF EXISTS " + ROLE + "; CREATE ROLE " + ROLE + " LOGIN");
            TestDatabase plain = new TestDatabase(database.host(), database.port(), database.name(), ROLE, null);
            PrintStream err = System.err;
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            AtomicBoolean refused = new AtomicBoolean();
            try (App app = App.create(Connectors.get("jdbc", plain.connectorOptions()))) {
                System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
                QueueControlBench.checkpoint(app, refused);
                QueueControlBench.checkpoint(app, refused);
            } finally {
                System.setErr(err);
                admin.connector().executeScript("DROP ROLE " + ROLE);
            }

            assertThat(refused).isTrue();
            assertThat(said.toString(StandardCharsets.UTF_8).split("CHECKPOINT refused", -1)).hasSize(2);
        }
    }

    @Test
    void aSuperuserCheckpointsBeforeEachDrain(TestDatabase database) {
        try (App app = App.create(Connectors.get("jdbc", database.connectorOptions()))) {
            assumeTrue(app.connector().query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").get(0)
                    .getBoolean("rolsuper"), "the test role may CHECKPOINT");
            AtomicBoolean refused = new AtomicBoolean();

            QueueControlBench.checkpoint(app, refused);

            assertThat(refused).isFalse();
        }
    }
}
