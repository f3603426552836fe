package dev.procrastinate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DemoIntegrationTests {

    @Test
    void demoRunsEveryJobAndPrintsPerStatusCountsEventsAndWhyFailedRunsFailed(TestDatabase database)
            throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Demo.run(database.jdbcUrl() + "?user=" + database.user(), new PrintStream(buffer, true,
                StandardCharsets.UTF_8));

        String output = buffer.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("Schema applied.")
                .contains("Jobs per status: succeeded=9, failed=2")
                .contains("deferred -> started -> succeeded")
                .contains("email to ada@example.org sent on attempt 2")
                .contains("attempt 1 failed: java.lang.IllegalArgumentException: this task always fails");
    }
}
