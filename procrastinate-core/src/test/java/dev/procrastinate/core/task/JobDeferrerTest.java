package dev.procrastinate.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.core.json.JsonCodec;
import dev.procrastinate.core.job.SqlJobManager;
import dev.procrastinate.testing.InMemoryJobManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JobDeferrerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final JobDeferrer deferrer = JobDeferrer.of(new SqlJobManager(new UnusedConnector()), null,
            JsonCodec.standard(),
            Clock.fixed(NOW, ZoneOffset.UTC), "send",
            TaskOptions.builder().queue("mail").priority(3).lock("L").build());

    @Test
    void jobTakesTheTaskOptionsAndTheArguments() {
        JobToDefer job = deferrer.toJob(Map.of("to", "a@b.c"));

        assertThat(job).isEqualTo(new JobToDefer("mail", "send", 3, "L", null, "{\"to\":\"a@b.c\"}", null));
    }

    @Test
    void configureOverridesOptionsWithoutChangingTheOriginal() {
        JobToDefer job = deferrer.queue("urgent").priority(-1).lock(null).queueingLock("Q").toJob(null);

        assertThat(job).isEqualTo(new JobToDefer("urgent", "send", -1, null, "Q", "{}", null));
        assertThat(deferrer.toJob(null).queueName()).isEqualTo("mail");
    }

    @Test
    void scheduleInIsCountedFromTheClock() {
        assertThat(deferrer.scheduleIn(Duration.ofMinutes(5)).toJob(null).scheduledAt())
                .isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void scheduleAtAndScheduleInTogetherAreRefused() {
        assertThatThrownBy(() -> deferrer.scheduleAt(NOW).scheduleIn(Duration.ofSeconds(1)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not both");
    }

    @Test
    void concurrencyKeyIsGivenToTheJobAndNullRemovesIt() {
        JobDeferrer keyed = deferrer.concurrencyKey("customer-42");

        assertThat(keyed.toJob(null).concurrencyKey()).isEqualTo("customer-42");
        assertThat(keyed.concurrencyKey(null).toJob(null).concurrencyKey()).isNull();
        assertThat(deferrer.toJob(null).concurrencyKey()).isNull();
    }

    @Test
    void anEmptyConcurrencyKeyIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> deferrer.concurrencyKey(""))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("task 'send': concurrencyKey must not be empty");
    }

    @Test
    void jobsDeferredWithAConcurrencyKeyCountUnderTheQueuesPerKeyLimit() {
        InMemoryJobManager manager = new InMemoryJobManager();
        manager.setQueueLimits("exports", QueueLimits.NONE.withMaxRunningPerKey(1));
        JobDeferrer exports = JobDeferrer.of(manager, null, JsonCodec.standard(), Clock.systemUTC(), "export",
                TaskOptions.builder().queue("exports").build());
        long first = exports.concurrencyKey("customer-1").defer();
        exports.concurrencyKey("customer-1").batchDefer(List.of(Map.of(), Map.of()));
        long other = exports.concurrencyKey("customer-2").defer();

        assertThat(manager.fetchJobs(List.of("exports"), manager.registerWorker(), 10)).extracting(Job::id).containsExactly(first, other);
    }

    @Test
    void taskKwargsAreMergedUnderDeferArguments() {
        JobToDefer job = deferrer.args(Map.of("a", 1, "b", 2)).toJob(Map.of("b", 3));

        assertThat(JsonCodec.standard().toMap(job.argsJson())).isEqualTo(Map.of("a", 1, "b", 3));
    }

    @Test
    void argumentsThatAreNotAJsonObjectAreRefused() {
        assertThatThrownBy(() -> deferrer.toJob(List.of(1, 2)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> deferrer.toJob("{not json"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("malformed JSON");
    }

    @Test
    void recordArgumentsBecomeKeywordArguments() {
        record Mail(String to, int retries) { }

        assertThat(deferrer.toJob(new Mail("x@y.z", 2)).argsJson()).isEqualTo("{\"to\":\"x@y.z\",\"retries\":2}");
    }

    @Test
    void defersLogUpstreamsActionsBeforeAndAfterWithTheJobIds() {
        JobDeferrer inMemory = JobDeferrer.of(new InMemoryJobManager(), null, JsonCodec.standard(), Clock.systemUTC(),
                "send", TaskOptions.builder().queue("mail").build());
        Logger logger = (Logger) LoggerFactory.getLogger(JobDeferrer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            long one = inMemory.defer(Map.of("to", "a"));
            List<Long> two = inMemory.batchDefer(List.of(Map.of("to", "b"), Map.of("to", "c")));

            assertThat(appender.list).extracting(JobDeferrerTest::action)
                    .containsExactly("about_to_defer_job", "job_defer", "about_to_defer_jobs", "jobs_deferred");
            assertThat(appender.list).extracting(ILoggingEvent::getLevel)
                    .containsExactly(Level.DEBUG, Level.INFO, Level.DEBUG, Level.INFO);
            assertThat(appender.list.get(1).getFormattedMessage()).contains("deferred job " + one, "'send'", "'mail'");
            assertThat(appender.list.get(3).getKeyValuePairs()).anySatisfy(pair -> {
                assertThat(pair.key).isEqualTo("job_ids");
                assertThat(pair.value).isEqualTo(two);
            });
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(previous);
        }
    }

    private static String action(ILoggingEvent event) {
        return event.getKeyValuePairs().stream().filter(pair -> pair.key.equals("action"))
                .map(pair -> String.valueOf(pair.value)).findFirst().orElse("");
    }
}
