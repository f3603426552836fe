package dev.procrastinate.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.AlreadyEnqueuedException;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.core.App;
import dev.procrastinate.core.schema.SchemaManager;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.transaction.support.TransactionTemplate;

/** The starter in small Spring contexts on a real PostgreSQL, one fresh database per test. */
class StarterIntegrationTests {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private TestDatabase database;
    private ApplicationContextRunner runner;

    @BeforeEach
    void setUp() {
        database = TestDatabase.create();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class,
                        TransactionAutoConfiguration.class,
                        FlywayAutoConfiguration.class,
                        MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class,
                        ProcrastinateAutoConfiguration.class))
                .withBean(TestTasks.class)
                .withPropertyValues(
                        "spring.datasource.url=" + database.jdbcUrl(),
                        "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + (database.password() == null ? "" : database.password()),
                        "spring.flyway.locations=classpath:db/app-migrations",
                        "procrastinate.connector=jdbc",
                        "procrastinate.worker.fetch-job-polling-interval=200ms");
    }

    private static ApplicationContextRunner withWorker(ApplicationContextRunner runner) {
        return runner.withPropertyValues("procrastinate.worker.enabled=true", "procrastinate.worker.concurrency=2");
    }

    private static JobStatus status(App app, long id) {
        return app.jobManager().getJob(id).orElseThrow().status();
    }

    @Test
    void taskBeanMethodsRunOnTheApplicationsWorkerWithArgumentsBoundByNameAndAsOneObject() {
        withWorker(runner).run(context -> {
            App app = context.getBean(App.class);
            TestTasks tasks = context.getBean(TestTasks.class);
            long add = app.configureTask("add").defer(Map.of("a", 2, "b", 3, "note", "hi"));
            long addNoNote = app.configureTask("add").defer(Map.of("a", 1, "b", 1));
            long order = app.configureTask("order").defer(Map.of("orderId", 7, "items", List.of("tea", "cake")));

            await().atMost(DEADLINE).until(() -> tasks.calls.size() == 3);
            assertThat(tasks.calls).containsExactlyInAnyOrder("add:5:hi:maths", "add:2:-:maths",
                    "order:7:[tea, cake]");
            await().atMost(DEADLINE).until(() -> List.of(add, addNoNote, order).stream()
                    .allMatch(id -> status(app, id) == JobStatus.SUCCEEDED));
        });
    }

    @Test
    void taskOptionsComeFromTheAnnotationAndAnUnnamedTaskIsNamedAfterItsClassAndMethod() {
        runner.run(context -> {
            App app = context.getBean(App.class);
            assertThat(app.tasks().get("add").options().queue()).isEqualTo("maths");
            assertThat(app.tasks().names()).contains(TestTasks.class.getName() + ".unnamed");
            assertThat(app.periodicTasks()).singleElement()
                    .satisfies(p -> assertThat(p.periodicId()).isEqualTo("test"));
        });
    }

    @Test
    void aJobMissingARequiredArgumentFailsWithAMessageNamingItAndTheWorkerGoesOn() {
        withWorker(runner).run(context -> {
            App app = context.getBean(App.class);
            TestTasks tasks = context.getBean(TestTasks.class);
            long missing = app.configureTask("needs-count").defer(Map.of("other", 1));
            long fine = app.configureTask("needs-count").defer(Map.of("count", 4));

            await().atMost(DEADLINE).until(() -> status(app, missing) == JobStatus.FAILED
                    && status(app, fine) == JobStatus.SUCCEEDED);
            assertThat(tasks.calls).containsExactly("needs-count:4");
        });
    }

    @Test
    void aDeferInACommittedTransactionRunsAndOneInARolledBackTransactionLeavesNoJob() {
        runner.run(context -> {
            App app = context.getBean(App.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);

            Long committed = transaction.execute(status -> app.configureTask("add").defer(Map.of("a", 1, "b", 2)));
            Long rolledBack = transaction.execute(status -> {
                long id = app.configureTask("add").defer(Map.of("a", 1, "b", 2));
                status.setRollbackOnly();
                return id;
            });

            assertThat(app.jobManager().getJob(committed)).isPresent();
            assertThat(app.jobManager().getJob(rolledBack)).isEmpty();
            assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs")).isEqualTo(1);
        });
    }

    @Test
    void aDeferInATransactionIsInvisibleToOthersUntilTheCommit() {
        runner.run(context -> {
            App app = context.getBean(App.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            transaction.executeWithoutResult(status -> {
                app.configureTask("add").defer(Map.of("a", 1, "b", 2));
                assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs")).isZero();
            });
            assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs")).isEqualTo(1);
        });
    }

    @Test
    void aQueueingLockClashInATransactionThrowsButLeavesTheTransactionUsable() {
        runner.run(context -> {
            App app = context.getBean(App.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            app.configureTask("add").queueingLock("once").defer(Map.of("a", 1, "b", 1));

            transaction.executeWithoutResult(status -> {
                try {
                    app.configureTask("add").queueingLock("once").defer(Map.of("a", 2, "b", 2));
                    throw new AssertionError("expected AlreadyEnqueuedException");
                } catch (AlreadyEnqueuedException expected) {
                    app.configureTask("order").defer(Map.of("orderId", 1, "items", List.of()));
                }
            });
            assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs")).isEqualTo(2);
        });
    }

    @Test
    void flywayInstallsTheSchemaWithItsOwnHistoryBesideTheApplicationsMigrations() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_schema_history "
                    + "WHERE version = '3.9' AND success")).isEqualTo(1);
            assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_schema_history "
                    + "WHERE version = '3.9.4' AND success")).as("schema step 4, the claim's indexes").isEqualTo(1);
            assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_schema_history "
                    + "WHERE version LIKE '3.9.%' AND success"))
                    .as("a Flyway migration for every step of SchemaManager.EXTENSION_STEPS")
                    .isEqualTo(SchemaManager.EXTENSION_STEPS.size());
            assertThat(database.queryForLong("SELECT count(*) FROM flyway_schema_history WHERE version = '1'"))
                    .isEqualTo(1);
            assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs")).isZero();
        });
        runner.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aSchemaInstalledWithoutFlywayIsBaselinedNotRecreated() {
        runner.withPropertyValues("procrastinate.schema.apply=if-missing").run(context -> {
            context.getBean(App.class).configureTask("add").defer(Map.of("a", 1, "b", 1));
        });
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_schema_history "
                    + "WHERE version = '3.9' AND type = 'BASELINE'")).isEqualTo(1);
            assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs")).isEqualTo(1);
        });
    }

    @Test
    void withSchemaApplyNoneAMissingSchemaIsReportedDownByTheHealthIndicator() {
        runner.withPropertyValues("procrastinate.schema.apply=none").run(context -> {
            Health health = context.getBean(ProcrastinateHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("schema", "missing");
        });
    }

    @Test
    void healthIsUpWithTheWorkersStateAndDownOnceTheWorkerHasStopped() {
        withWorker(runner).run(context -> {
            ProcrastinateHealthIndicator indicator = context.getBean(ProcrastinateHealthIndicator.class);
            await().atMost(DEADLINE).until(() -> indicator.health(true).getDetails().containsKey("workerId"));
            Health health = indicator.health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("schema", "3.9").containsEntry("worker", "running")
                    .containsEntry("connector", "jdbc").containsEntry("listening", true);

            context.getBean(ProcrastinateWorkerLifecycle.class).stop();
            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void closingTheContextStopsTheWorkerGracefullyAndUnregistersIt() {
        Worker[] worker = new Worker[1];
        withWorker(runner).run(context -> {
            ProcrastinateWorkerLifecycle lifecycle = context.getBean(ProcrastinateWorkerLifecycle.class);
            await().atMost(DEADLINE).until(() -> lifecycle.worker().flatMap(Worker::workerId).isPresent());
            assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_workers")).isEqualTo(1);
            worker[0] = lifecycle.worker().orElseThrow();
        });
        assertThat(worker[0].state()).isEqualTo(Worker.State.STOPPED);
        assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_workers")).isZero();
    }

    @Test
    void metersCountDefersStartsAndOutcomesWithDurationsAndQueueDepth() {
        withWorker(runner).run(context -> {
            App app = context.getBean(App.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            app.configureTask("add").defer(Map.of("a", 1, "b", 1));
            app.configureTask("flaky").defer(Map.of());
            transaction.executeWithoutResult(status -> {
                app.configureTask("add").defer(Map.of("a", 1, "b", 1));
                status.setRollbackOnly();
            });

            await().atMost(DEADLINE).until(() -> count(registry, "procrastinate.jobs.failed", "flaky") == 1);
            assertThat(count(registry, "procrastinate.jobs.deferred", "add")).isEqualTo(1);
            assertThat(count(registry, "procrastinate.jobs.deferred", "flaky")).isEqualTo(1);
            assertThat(count(registry, "procrastinate.jobs.started", "flaky")).isEqualTo(2);
            assertThat(count(registry, "procrastinate.jobs.retried", "flaky")).isEqualTo(1);
            await().atMost(DEADLINE).until(() -> count(registry, "procrastinate.jobs.succeeded", "add") == 1);
            assertThat(registry.get("procrastinate.jobs.duration").tags("task", "add", "outcome", "succeeded")
                    .timer().count()).isEqualTo(1);

            app.configureTask("order").queue("later").scheduleIn(Duration.ofHours(1))
                    .defer(Map.of("orderId", 1, "items", List.of()));
            context.getBean(ProcrastinateMetrics.class).refreshQueueDepth();
            assertThat(registry.get("procrastinate.queue.depth").tags("queue", "later", "status", "todo").gauge()
                    .value()).isEqualTo(1.0);
        });
    }

    private static double count(MeterRegistry registry, String name, String task) {
        var counter = registry.find(name).tag("task", task).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void periodicMethodsAreDeferredOnTheirScheduleAndGetTheTickTimestamp() {
        withWorker(runner).withPropertyValues("test.tick-cron=* * * * * *").run(context -> {
            TestTasks tasks = context.getBean(TestTasks.class);
            await().atMost(DEADLINE).until(() -> tasks.calls.stream().anyMatch(call -> call.startsWith("tick:")));
            String call = tasks.calls.stream().filter(c -> c.startsWith("tick:")).findFirst().orElseThrow();
            long timestamp = Long.parseLong(call.substring("tick:".length()));
            assertThat(timestamp).isCloseTo(System.currentTimeMillis() / 1000, Offset.offset(30L));
        });
    }

    @Test
    void aBadWorkerPropertyFailsTheStartupNamingTheProperty() {
        withWorker(runner).withPropertyValues("procrastinate.worker.concurrency=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("procrastinate.worker.concurrency: WorkerOptions.concurrency must be at "
                            + "least 1");
        });
    }

    @Test
    void twoTaskMethodsWithOneNameFailTheStartupNamingTheMethod() {
        runner.withBean("second", DuplicateTask.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("already registered");
            assertThat(context.getStartupFailure()).hasMessageContaining("DuplicateTask.add");
        });
    }

    @Test
    void theAppsOwnConnectorIsTheJdbcOneOnTheApplicationsDataSource() {
        runner.run(context -> {
            assertThat(context.getBean(Connector.class).name()).isEqualTo("jdbc");
        });
    }

    @Test
    void withSeveralConnectorsOnTheClassPathAndNoChoiceTheStartupFailsNamingThem() {
        runner.withPropertyValues("procrastinate.connector=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("several procrastinate connectors")
                    .hasStackTraceContaining("jdbc").hasStackTraceContaining("vertx")
                    .hasStackTraceContaining("procrastinate.connector");
        });
    }

    @Test
    void aConnectorThatCannotUseTheDataSourceGetsSpringsUrlAndDefersStillJoinTheTransaction() {
        withWorker(runner).withPropertyValues("procrastinate.connector=vertx").run(context -> {
            App app = context.getBean(App.class);
            assertThat(app.connector().name()).isEqualTo("vertx");
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            transaction.executeWithoutResult(status -> {
                app.configureTask("add").defer(Map.of("a", 1, "b", 2));
                status.setRollbackOnly();
            });
            long committed = transaction.execute(status -> app.configureTask("add").defer(Map.of("a", 3, "b", 4)));

            await().atMost(DEADLINE).until(() -> status(app, committed) == JobStatus.SUCCEEDED);
            assertThat(context.getBean(TestTasks.class).calls).containsExactly("add:7:-:maths");
            assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs")).isEqualTo(1);
        });
    }

    @Test
    void withADatabaseUrlOfItsOwnTheQueueDoesNotJoinTheApplicationsTransactions() {
        runner.withPropertyValues("procrastinate.database-url=" + database.postgresUrl(),
                "procrastinate.schema.apply=if-missing").run(context -> {
                    App app = context.getBean(App.class);
                    TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
                    Long id = transaction.execute(status -> {
                        long deferred = app.configureTask("add").defer(Map.of("a", 1, "b", 2));
                        status.setRollbackOnly();
                        return deferred;
                    });
                    assertThat(app.jobManager().getJob(id)).isPresent();
                });
    }

    /** A second bean declaring a task name that {@link TestTasks} has. */
    public static class DuplicateTask {
        @Task(name = "add")
        public void add() {
        }
    }
}
