package dev.procrastinate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.TaskNotFoundException;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.core.periodic.PeriodicTask;
import dev.procrastinate.core.task.Blueprint;
import dev.procrastinate.core.task.UnknownTasks;
import dev.procrastinate.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The app's upstream behaviours (issue 12 item 7), checked on the SQL job manager and on the in-memory one: task
 * aliases, blueprint periodic tasks, refusing unknown tasks, worker defaults, periodic schedules' own options.
 */
abstract class AppFeaturesContract {

    /** A minute and a half past the hour: a periodic "* * * * *" task has a tick 30 s ago. */
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:30Z"));
    private final List<App> apps = new ArrayList<>();

    /** A started app with this clock on the store under test, configured by {@code configure}. */
    protected abstract App build(UnaryOperator<App.Builder> configure);

    private App app(UnaryOperator<App.Builder> configure) {
        App app = build(builder -> configure.apply(builder.clock(clock)));
        apps.add(app);
        return app;
    }

    private App app() {
        return app(builder -> builder);
    }

    @AfterEach
    void closeApps() {
        apps.forEach(App::close);
    }

    private static List<Job> jobsOf(App app, String task) {
        return app.jobManager().listJobs(JobQuery.all().withTask(task));
    }

    @Test
    void aJobDeferredThroughAnAliasAddedToTheAppIsStoredUnderTheTaskNameAndJobsStoredUnderTheAliasRun() {
        App app = app();
        List<String> ran = new CopyOnWriteArrayList<>();
        app.task("send", TaskOptions.builder().queue("mail").build(), ctx -> ran.add(ctx.job().taskName()));
        app.addTaskAlias("old_send", "send");

        long deferred = app.defer("old_send", Map.of());
        long storedUnderAlias = app.jobManager().defer(new JobToDefer("mail", "old_send", 0, null, null, "{}", null));
        app.runWorker(TestApps.workerOptions().waitForJobs(false).build());

        Job job = app.jobManager().getJob(deferred).orElseThrow();
        assertThat(job.taskName()).isEqualTo("send");
        assertThat(job.queueName()).isEqualTo("mail");
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(app.jobManager().getJob(storedUnderAlias).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(ran).containsExactlyInAnyOrder("send", "old_send");
    }

    @Test
    void anAliasOfAnUnknownTaskOrAnAliasAlreadyTakenIsRefused() {
        App app = app();
        app.task("send", ctx -> { });
        app.task("bill", ctx -> { });

        assertThatThrownBy(() -> app.addTaskAlias("old", "nobody")).isInstanceOf(TaskNotFoundException.class)
                .hasMessageContaining("nobody");
        assertThatThrownBy(() -> app.addTaskAlias("bill", "send")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'bill' is already registered");
    }

    @Test
    void periodicTasksDeclaredOnABlueprintAreDeferredUnderTheNamespaceOnceTheBlueprintIsAdded() {
        App app = app();
        Blueprint blueprint = new Blueprint().periodic("* * * * *", "tick", ctx -> { });
        assertThat(app.periodicDeferrer()).as("nothing scheduled before the blueprint is added").isEmpty();

        app.addBlueprint(blueprint, "ns");
        app.periodicDeferrer().orElseThrow().deferDueTicks();

        assertThat(app.periodicTasks()).extracting(PeriodicTask::taskName).containsExactly("ns:tick");
        assertThat(jobsOf(app, "ns:tick")).singleElement().satisfies(job ->
                assertThat(((Number) app.json().toMap(job.argsJson()).get("timestamp")).longValue())
                        .isEqualTo(Instant.parse("2026-05-01T10:00:00Z").getEpochSecond()));
        assertThat(app.tasks().find("ns:tick")).isPresent();
    }

    @Test
    void deferringByNameAllowsAnUnknownTaskByDefaultAndRefusesItWhenAsked() {
        App app = app();
        app.task("known", ctx -> { });

        assertThatThrownBy(() -> app.configureTask("nobody", UnknownTasks.REFUSE))
                .isInstanceOf(TaskNotFoundException.class).hasMessageContaining("'nobody'")
                .hasMessageContaining("known");
        long id = app.configureTask("nobody").defer(Map.of());

        assertThat(app.jobManager().getJob(id).orElseThrow().taskName()).isEqualTo("nobody");
        assertThat(app.configureTask("known", UnknownTasks.REFUSE).defer(Map.of())).isPositive();
    }

    @Test
    void anAppBuiltToRefuseUnknownTasksRefusesThemOnEveryDeferByNameUnlessOneCallAllowsThem() {
        App app = app(builder -> builder.unknownTasks(UnknownTasks.REFUSE));

        assertThatThrownBy(() -> app.defer("nobody", Map.of())).isInstanceOf(TaskNotFoundException.class);
        assertThatThrownBy(() -> app.batchDefer("nobody", List.of(Map.of())))
                .isInstanceOf(TaskNotFoundException.class);
        assertThat(jobsOf(app, "nobody")).isEmpty();
        assertThat(app.configureTask("nobody", UnknownTasks.ALLOW).defer(Map.of())).isPositive();
    }

    @Test
    void workersOfTheAppUseItsWorkerDefaultsUnlessOverridden() {
        App app = app(builder -> builder.workerDefaults(TestApps.workerOptions().queues("a").waitForJobs(false)
                .build()));
        List<String> ran = new CopyOnWriteArrayList<>();
        app.task("t", ctx -> ran.add(ctx.job().queueName() + " by " + ctx.workerName()));
        app.configureTask("t").queue("a").defer(Map.of());
        app.configureTask("t").queue("b").defer(Map.of());

        app.runWorker(options -> options);
        assertThat(ran).as("the defaults: queue a, one-shot").containsExactly("a by worker");

        app.runWorker(options -> options.queues("b").name("other"));
        assertThat(ran).as("queues and name overridden, still one-shot").containsExactly("a by worker",
                "b by other");
        assertThat(app.workerDefaults().queues()).containsExactly("a");
    }

    @Test
    void aPeriodicScheduleDefersWithItsOwnQueuePriorityLockAndQueueingLockAndOtherwiseWithTheTasks() {
        App app = app();
        app.task("report", TaskOptions.builder().queue("tq").priority(1).lock("tl").build(), ctx -> { });
        app.periodic(PeriodicTask.builder("report", "* * * * *").periodicId("own").args(Map.of("s", "own"))
                .queue("pq").priority(7).lock("pl").queueingLock("pql").build());
        app.periodic(PeriodicTask.builder("report", "* * * * *").periodicId("task").args(Map.of("s", "task"))
                .build());

        app.periodicDeferrer().orElseThrow().deferDueTicks();

        List<Job> jobs = jobsOf(app, "report");
        assertThat(jobs).hasSize(2);
        Job own = jobs.stream().filter(j -> app.json().toMap(j.argsJson()).get("s").equals("own")).findFirst()
                .orElseThrow();
        Job task = jobs.stream().filter(j -> j != own).findFirst().orElseThrow();
        assertThat(List.of(own.queueName(), own.priority(), own.lock(), own.queueingLock()))
                .containsExactly("pq", 7, "pl", "pql");
        assertThat(List.of(task.queueName(), task.priority(), task.lock())).containsExactly("tq", 1, "tl");
        assertThat(task.queueingLock()).isNull();
    }
}
