package dev.procrastinate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.api.QueueControl;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.core.App;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code procrastinate.queues.<name>.*} written to the database at start, on a real PostgreSQL. */
class StarterQueueControlIntegrationTests {

    private ApplicationContextRunner runner;

    @BeforeEach
    void setUp() {
        TestDatabase database = TestDatabase.create();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ProcrastinateAutoConfiguration.class,
                        ProcrastinateQueueControlAutoConfiguration.class))
                .withPropertyValues("procrastinate.database-url=" + database.postgresUrl(),
                        "procrastinate.schema.apply=if-missing", "procrastinate.connector=jdbc");
    }

    @Test
    void queuePropertiesPauseAndLimitQueuesAtStartAndLeaveOthersAsTheyAre() {
        runner.withPropertyValues("procrastinate.queues.emails.paused=true",
                "procrastinate.queues.reports.max-running=3", "procrastinate.queues.reports.max-starts-per-key=10",
                "procrastinate.queues.reports.rate-period=1m").run(context -> {
                    assertThat(context).hasNotFailed();
                    App app = context.getBean(App.class);
                    assertThat(app.jobManager().listQueueControls()).containsExactly(
                            new QueueControl("emails", true, QueueLimits.NONE),
                            new QueueControl("reports", false, new QueueLimits(3, null, null, 10,
                                    Duration.ofMinutes(1))));
                    app.jobManager().pauseQueue("exports");
                });
        runner.withPropertyValues("procrastinate.queues.emails.paused=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(App.class).jobManager().listQueueControls())
                    .extracting(QueueControl::queueName).containsExactly("exports", "reports");
        });
    }

    @Test
    void aRateLimitWithoutItsPeriodStopsTheStartNamingTheProperty() {
        runner.withPropertyValues("procrastinate.queues.reports.max-starts=10").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("procrastinate.queues.reports")
                        .hasMessageContaining("rate-period"));
    }
}
