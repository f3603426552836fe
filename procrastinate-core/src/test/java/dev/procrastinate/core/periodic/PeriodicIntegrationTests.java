package dev.procrastinate.core.periodic;

import dev.procrastinate.core.periodic.internal.PeriodicDeferrer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.connector.jdbc.JdbcConnector;
import dev.procrastinate.core.App;
import dev.procrastinate.testing.MutableClock;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PeriodicIntegrationTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:30Z"));
    private App app;

    @BeforeEach
    void setUp(TestDatabase database) {
        app = App.builder().connector(JdbcConnector.create(database.connectorOptions())).clock(clock).build();
        app.schema().apply();
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private List<Job> jobsOf(String task) {
        return app.jobManager().listJobs(JobQuery.all().withTask(task));
    }

    private long timestampOf(Job job) {
        return ((Number) app.json().toMap(job.argsJson()).get("timestamp")).longValue();
    }

    @Test
    void onStartOnlyTheLatestMissedTickWithinMaxDelayIsDeferredWithItsTimestamp() {
        app.periodic("* * * * *", "every_minute", ctx -> { });
        PeriodicDeferrer deferrer = app.periodicDeferrer().orElseThrow();

        assertThat(deferrer.deferDueTicks()).hasSize(1);

        assertThat(jobsOf("every_minute")).singleElement().satisfies(job ->
                assertThat(timestampOf(job)).isEqualTo(Instant.parse("2026-05-01T10:00:00Z").getEpochSecond()));
    }

    @Test
    void aTickWhoseQueueingLockIsTakenIsSkippedAndTheOtherPeriodicTasksAreStillDeferred() {
        app.task("a", TaskOptions.builder().queueingLock("only-one-a").build(), ctx -> { });
        app.periodic(PeriodicTask.builder("a", "* * * * *").build());
        app.periodic("* * * * *", "b", ctx -> { });
        PeriodicDeferrer deferrer = app.periodicDeferrer().orElseThrow();
        deferrer.deferDueTicks();
        assertThat(jobsOf("a")).hasSize(1);

        clock.advance(Duration.ofMinutes(1));

        assertThat(deferrer.deferDueTicks()).as("a's tick is skipped, b's is deferred").hasSize(1);
        assertThat(jobsOf("a")).as("a's previous job still waits").hasSize(1);
        assertThat(jobsOf("b")).hasSize(2);
    }

    @Test
    void aTickOlderThanMaxDelayIsNotDeferredOnStart() {
        app.periodic("0 0 * * *", "daily", ctx -> { });

        assertThat(app.periodicDeferrer().orElseThrow().deferDueTicks()).isEmpty();
    }

    @Test
    void afterStartEveryTickSinceThePreviousPassIsDeferred() {
        app.periodic("* * * * *", "every_minute", ctx -> { });
        PeriodicDeferrer deferrer = app.periodicDeferrer().orElseThrow();
        deferrer.deferDueTicks();

        clock.advance(Duration.ofMinutes(3));

        assertThat(deferrer.deferDueTicks()).hasSize(3);
        assertThat(jobsOf("every_minute")).hasSize(4);
    }

    @Test
    void twoWorkersDeferEachTickOnce() {
        app.periodic("* * * * *", "every_minute", ctx -> { });
        PeriodicDeferrer first = app.periodicDeferrer().orElseThrow();
        PeriodicDeferrer second = app.periodicDeferrer().orElseThrow();

        first.deferDueTicks();
        second.deferDueTicks();
        clock.advance(Duration.ofMinutes(1));
        second.deferDueTicks();
        first.deferDueTicks();

        assertThat(jobsOf("every_minute")).hasSize(2);
    }

    @Test
    void periodicIdsScheduleOneTaskSeveralWaysWithTheirOwnArguments() {
        app.task("report", ctx -> { });
        app.periodic(PeriodicTask.builder("report", "* * * * *").periodicId("fr").args(Map.of("lang", "fr")).build());
        app.periodic(PeriodicTask.builder("report", "* * * * *").periodicId("en").args(Map.of("lang", "en")).build());

        app.periodicDeferrer().orElseThrow().deferDueTicks();

        assertThat(jobsOf("report")).extracting(job -> app.json().toMap(job.argsJson()).get("lang"))
                .containsExactlyInAnyOrder("fr", "en");
    }

    @Test
    void sixFieldsMeanSecondsLast() {
        CronSchedule everyTenSeconds = CronSchedule.parse("* * * * * */10", ZoneId.of("UTC"));

        assertThat(everyTenSeconds.next(Instant.parse("2026-05-01T10:00:31Z")))
                .contains(Instant.parse("2026-05-01T10:00:40Z"));
    }

    @Test
    void cronIsReadInTheGivenTimeZone() {
        CronSchedule nineInParis = CronSchedule.parse("0 9 * * *", ZoneId.of("Europe/Paris"));

        assertThat(nineInParis.next(Instant.parse("2026-05-01T00:00:00Z")))
                .contains(Instant.parse("2026-05-01T07:00:00Z"));
    }

    @Test
    void invalidCronAndDuplicateSchedulesAreRefused() {
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", ZoneId.of("UTC")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("61 * * * *");
        app.periodic("* * * * *", "t", ctx -> { });
        assertThatThrownBy(() -> app.periodic(PeriodicTask.builder("t", "0 * * * *").build()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("periodicId");
    }
}
