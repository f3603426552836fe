package dev.procrastinate.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.Cancellation;
import dev.procrastinate.api.JobEvent;
import dev.procrastinate.api.JobMiddleware;
import dev.procrastinate.api.RegisteredTask;
import dev.procrastinate.api.Task;
import dev.procrastinate.api.JobEventType;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.StalledJobRecovery;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.core.retry.Retry;
import dev.procrastinate.core.task.Blueprint;
import dev.procrastinate.core.task.internal.BuiltinTasks;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerBehaviourIntegrationTests extends WorkerOnDatabase {

    /** A task that runs until interrupted or told to abort. */
    private static void waitForAbort(dev.procrastinate.api.JobContext ctx, List<String> steps) throws Exception {
        steps.add("started");
        while (!ctx.shouldAbort()) {
            synchronized (steps) {
                steps.wait(50);
            }
        }
        steps.add("aborting");
        throw new dev.procrastinate.api.JobAbortedException("stopped on request");
    }

    @Test
    void abortRequestReachesTheRunningJobThroughNotifyAndItEndsAborted() {
        List<String> steps = new CopyOnWriteArrayList<>();
        app.task("long", ctx -> waitForAbort(ctx, steps));
        long id = app.configureTask("long").defer(Map.of());
        start(TestApps.workerOptions().abortJobPollingInterval(Duration.ofMinutes(5)).build());
        await().atMost(DEADLINE).until(() -> steps.contains("started"));

        assertThat(app.jobManager().cancelJob(id, Cancellation.abort())).isTrue();

        await().atMost(DEADLINE).until(() -> status(id) == JobStatus.ABORTED);
        assertThat(app.jobManager().listEvents(id)).extracting(JobEvent::type)
                .contains(JobEventType.ABORT_REQUESTED, JobEventType.ABORTED);
    }

    @Test
    void abortRequestIsFoundByPollingWhenNotificationsAreOff() {
        List<String> steps = new CopyOnWriteArrayList<>();
        app.task("long", ctx -> waitForAbort(ctx, steps));
        long id = app.configureTask("long").defer(Map.of());
        start(TestApps.workerOptions().listenNotify(false).fetchJobPollingInterval(Duration.ofMillis(200))
                .abortJobPollingInterval(Duration.ofMillis(300)).build());
        await().atMost(DEADLINE).until(() -> steps.contains("started"));

        app.jobManager().cancelJob(id, Cancellation.abort());

        await().atMost(DEADLINE).until(() -> status(id) == JobStatus.ABORTED);
    }

    @Test
    void afterTheGracefulTimeoutRunningJobsAreAbortedAndRetriedWhenTheirTaskRetries() throws Exception {
        List<String> steps = new CopyOnWriteArrayList<>();
        app.task("plain", ctx -> waitForAbort(ctx, steps));
        app.task("retried", TaskOptions.builder().retry(Retry.times(3)).build(), ctx -> waitForAbort(ctx, steps));
        long plain = app.configureTask("plain").defer(Map.of());
        long retried = app.configureTask("retried").defer(Map.of());
        start(TestApps.workerOptions().concurrency(2).shutdownGracefulTimeout(Duration.ofMillis(300)).build());
        await().atMost(DEADLINE).until(() -> steps.stream().filter("started"::equals).count() == 2);

        worker.stop();

        assertThat(worker.awaitTermination(DEADLINE)).isTrue();
        assertThat(status(plain)).isEqualTo(JobStatus.ABORTED);
        assertThat(status(retried)).isEqualTo(JobStatus.TODO);
    }

    @Test
    void secondStopAbortsRunningJobsWithoutWaitingForTheGracefulTimeout() throws Exception {
        List<String> steps = new CopyOnWriteArrayList<>();
        app.task("long", ctx -> waitForAbort(ctx, steps));
        long id = app.configureTask("long").defer(Map.of());
        start(TestApps.workerOptions().build());
        await().atMost(DEADLINE).until(() -> steps.contains("started"));

        worker.stop();
        worker.stop();

        assertThat(worker.awaitTermination(DEADLINE)).isTrue();
        assertThat(status(id)).isEqualTo(JobStatus.ABORTED);
    }

    @Test
    void middlewareRunsAroundEveryJobFirstOneOutermost() {
        List<String> calls = new CopyOnWriteArrayList<>();
        app.task("t", ctx -> calls.add("task"));
        JobMiddleware outer = (ctx, next) -> {
            calls.add("outer-in");
            next.run(ctx);
            calls.add("outer-out");
        };
        JobMiddleware inner = (ctx, next) -> {
            calls.add("inner-in");
            next.run(ctx);
            calls.add("inner-out");
        };
        long id = app.configureTask("t").defer(Map.of());
        start(TestApps.workerOptions().middleware(outer, inner).build());

        await().atMost(DEADLINE).until(() -> status(id) == JobStatus.SUCCEEDED);
        assertThat(calls).containsExactly("outer-in", "inner-in", "task", "inner-out", "outer-out");
    }

    @Test
    void aTasksOwnMiddlewareRunsInsideTheWorkersAndOnlyForThatTask() {
        List<String> calls = new CopyOnWriteArrayList<>();
        JobMiddleware worker = (ctx, next) -> {
            calls.add("worker:" + ctx.task().name());
            next.run(ctx);
        };
        JobMiddleware own = (ctx, next) -> {
            calls.add("own:" + ctx.task().name());
            next.run(ctx);
        };
        app.register(new dev.procrastinate.core.task.TaskDefinition("with", TaskOptions.defaults(),
                ctx -> calls.add("task:with")).withMiddleware(own));
        app.task("without", ctx -> calls.add("task:without"));
        long with = app.configureTask("with").defer(Map.of());
        app.worker(TestApps.workerOptions().waitForJobs(false).middleware(worker).build()).run();
        long without = app.configureTask("without").defer(Map.of());
        app.worker(TestApps.workerOptions().waitForJobs(false).middleware(worker).build()).run();

        assertThat(status(without)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(calls).containsExactly("worker:with", "own:with", "task:with", "worker:without", "task:without");
    }

    @Test
    void theJobContextExposesTheRegisteredTaskItRunsEvenWhenDeferredThroughAnAlias() {
        List<RegisteredTask> seen = new CopyOnWriteArrayList<>();
        Task code = ctx -> seen.add(ctx.task());
        TaskOptions options = TaskOptions.builder().queue("named").aliases(List.of("old_name")).build();
        app.task("new_name", options, code);
        long id = app.configureTask("old_name").defer(Map.of());
        app.worker(TestApps.workerOptions().waitForJobs(false).build()).run();

        assertThat(status(id)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(seen).singleElement().satisfies(task -> {
            assertThat(task.name()).isEqualTo("new_name");
            assertThat(task.options()).isEqualTo(options);
            assertThat(task.task()).isSameAs(code);
        });
    }

    @Test
    void deleteJobsSuccessfulDeletesSucceededJobsAndKeepsFailedOnes() {
        app.task("ok", ctx -> { });
        app.task("ko", ctx -> {
            throw new IllegalStateException("ko");
        });
        long ok = app.configureTask("ok").defer(Map.of());
        long ko = app.configureTask("ko").defer(Map.of());
        worker = app.worker(TestApps.workerOptions().waitForJobs(false).deleteJobs(DeleteJobs.SUCCESSFUL).build());

        worker.run();

        assertThat(status(ok)).isNull();
        assertThat(status(ko)).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void taskSeesAdditionalContextWorkerNameAndQueues() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        app.task("t", TaskOptions.builder().queue("special").build(), ctx -> {
            seen.add(ctx.additionalContext().get("tenant"));
            seen.add(ctx.workerName());
            seen.add(ctx.workerQueues());
        });
        app.configureTask("t").defer(Map.of());
        worker = app.worker(TestApps.workerOptions().waitForJobs(false).name("w1").queues("special")
                .additionalContext(Map.of("tenant", "acme")).build());

        worker.run();

        assertThat(seen).containsExactly("acme", "w1", List.of("special"));
    }

    @Test
    void workerTakesJobsOnlyFromItsQueues() {
        app.task("t", ctx -> { });
        long mine = app.configureTask("t").queue("mine").defer(Map.of());
        long theirs = app.configureTask("t").queue("theirs").defer(Map.of());
        worker = app.worker(TestApps.workerOptions().waitForJobs(false).queues("mine").build());

        worker.run();

        assertThat(status(mine)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(status(theirs)).isEqualTo(JobStatus.TODO);
    }

    @Test
    void retryTwoMeansThreeRunsThenFailed() {
        AtomicInteger runs = new AtomicInteger();
        app.task("flaky", TaskOptions.builder().retry(Retry.times(2)).build(), ctx -> {
            runs.incrementAndGet();
            throw new IllegalStateException("always");
        });
        long id = app.configureTask("flaky").defer(Map.of());
        start(TestApps.workerOptions().fetchJobPollingInterval(Duration.ofMillis(100)).build());

        await().atMost(DEADLINE).until(() -> status(id) == JobStatus.FAILED);
        assertThat(runs.get()).isEqualTo(3);
        assertThat(app.jobManager().getJob(id).orElseThrow().attempts()).isEqualTo(3);
    }

    /** Options whose reaper acts within a few seconds. */
    private static WorkerOptions.Builder fastReaper() {
        return TestApps.workerOptions().fetchJobPollingInterval(Duration.ofMillis(100))
                .updateHeartbeatInterval(Duration.ofMillis(200)).stalledWorkerTimeout(Duration.ofSeconds(1));
    }

    /** A job claimed by a worker that is then deleted, as a reaper deletes a worker that stopped its heartbeats. */
    private long jobOfADeadWorker(String task) {
        long id = app.configureTask(task).defer(Map.of());
        long deadWorker = app.workerStore().registerWorker();
        app.workerStore().fetchJob(null, deadWorker);
        app.connector().query("DELETE FROM procrastinate_workers WHERE id = $1 RETURNING id", deadWorker);
        return id;
    }

    @Test
    void stalledJobOfADeadWorkerIsRetriedByTheReaperOfAnotherWorker() {
        AtomicInteger runs = new AtomicInteger();
        app.task("t", TaskOptions.builder().retry(Retry.times(1)).build(), ctx -> runs.incrementAndGet());
        long id = app.configureTask("t").defer(Map.of());
        long deadWorker = app.workerStore().registerWorker();
        app.workerStore().fetchJob(null, deadWorker);
        app.connector().query("UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour' "
                + "WHERE id = $1 RETURNING id", deadWorker);

        start(fastReaper().build());

        await().atMost(DEADLINE).until(() -> status(id) == JobStatus.SUCCEEDED);
        assertThat(runs.get()).isEqualTo(1);
        assertThat(app.jobManager().listEvents(id)).extracting(JobEvent::type)
                .contains(JobEventType.DEFERRED_FOR_RETRY);
    }

    @Test
    void stalledJobWhoseTaskDoesNotRetryIsRunAgainAndWhyItStalledIsKept() {
        AtomicInteger runs = new AtomicInteger();
        app.task("t", ctx -> runs.incrementAndGet());
        long id = jobOfADeadWorker("t");

        start(fastReaper().build());

        await().atMost(DEADLINE).until(() -> status(id) == JobStatus.SUCCEEDED);
        assertThat(runs.get()).isEqualTo(1);
        assertThat(app.jobManager().listFailures(id)).singleElement().satisfies(failure -> {
            assertThat(failure.attempt()).isEqualTo(1);
            assertThat(failure.message()).contains("stopped sending heartbeats");
        });
    }

    @Test
    void stalledJobOfATaskThatMustNeverRunTwiceIsFailedByTheReaper() {
        AtomicInteger runs = new AtomicInteger();
        app.task("once", TaskOptions.builder().neverRunTwice().build(), ctx -> runs.incrementAndGet());
        long id = jobOfADeadWorker("once");

        start(fastReaper().build());

        await().atMost(DEADLINE).until(() -> status(id) == JobStatus.FAILED);
        assertThat(runs.get()).isZero();
    }

    @Test
    void jobThatKeepsKillingItsWorkerIsFailedAfterMaxRecoveries() {
        app.task("t", ctx -> { });
        long id = jobOfADeadWorker("t");
        long reaper = app.workerStore().registerWorker();
        for (int crash = 1; crash <= 2; crash++) {
            assertThat(app.workerStore().recoverStalledJob(
                    new StalledJobRecovery(id, 2, null, reaper), Duration.ofSeconds(60), null).outcome())
                    .isEqualTo(StalledJobRecovery.Outcome.RECOVERED);
            long next = app.workerStore().registerWorker();
            app.workerStore().fetchJob(null, next);
            app.connector().query("DELETE FROM procrastinate_workers WHERE id = $1 RETURNING id", next);
        }
        app.workerStore().unregisterWorker(reaper);

        start(fastReaper().maxRecoveries(2).build());

        await().atMost(DEADLINE).until(() -> status(id) == JobStatus.FAILED);
        assertThat(app.jobManager().getJob(id).orElseThrow().attempts()).isEqualTo(3);
    }

    @Test
    void blueprintTasksRunUnderTheirNamespaceAndAliases() {
        List<String> ran = new CopyOnWriteArrayList<>();
        Blueprint billing = new Blueprint()
                .task("charge", TaskOptions.builder().aliases(List.of("old_charge")).build(), ctx -> ran.add("c"));
        app.addBlueprint(billing, "billing");
        app.configureTask("billing:charge").defer(Map.of());
        long throughAlias = app.configureTask("billing:old_charge").defer(Map.of());
        worker = app.worker(TestApps.workerOptions().waitForJobs(false).build());

        worker.run();

        assertThat(ran).containsExactly("c", "c");
        assertThat(app.tasks().names()).contains("billing:charge");
        assertThat(app.jobManager().getJob(throughAlias).orElseThrow().taskName())
                .as("a job deferred through an alias is stored under the task's own name").isEqualTo("billing:charge");
    }

    @Test
    void builtinRemoveOldJobsIsDeferredOnTheBuiltinQueueAsUpstreams() {
        long id = app.configureTask(BuiltinTasks.REMOVE_OLD_JOBS).defer(Map.of("max_hours", 2));

        assertThat(app.jobManager().getJob(id).orElseThrow().queueName()).isEqualTo("builtin");
    }

    @Test
    void builtinRemoveOldJobsDeletesOldFinishedJobs() {
        app.task("t", ctx -> { });
        long old = app.configureTask("t").defer(Map.of());
        app.worker(TestApps.workerOptions().waitForJobs(false).build()).run();
        app.connector().query("UPDATE procrastinate_events SET at = now() - interval '3 hours' WHERE job_id = $1 "
                + "RETURNING id", old);
        long recent = app.configureTask("t").defer(Map.of());
        app.worker(TestApps.workerOptions().waitForJobs(false).build()).run();

        long cleanup = app.configureTask(BuiltinTasks.REMOVE_OLD_JOBS).defer(Map.of("max_hours", 2));
        app.worker(TestApps.workerOptions().waitForJobs(false).build()).run();

        assertThat(status(old)).isNull();
        assertThat(status(recent)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(status(cleanup)).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void workerSurvivesItsDatabaseConnectionsBeingKilledAndKeepsRunningJobs(TestDatabase database) {
        app.task("t", ctx -> { });
        start(TestApps.workerOptions().fetchJobPollingInterval(Duration.ofMillis(200)).build());
        await().atMost(DEADLINE).until(worker::isListening);

        database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND pid <> pg_backend_pid()");

        try (App client = App.create(dev.procrastinate.connector.jdbc.JdbcConnector.create(
                database.connectorOptions()))) {
            long id = client.configureTask("t").defer(Map.of());
            await().atMost(DEADLINE).until(() -> client.jobManager().getJob(id).orElseThrow().status()
                    == JobStatus.SUCCEEDED);
        }
        assertThat(worker.state()).isEqualTo(Worker.State.RUNNING);
        await().atMost(DEADLINE).until(worker::isListening);
    }

    @Test
    void workerDefersAndRunsPeriodicTasksWithTheirTickTimestamp() {
        List<Long> timestamps = new CopyOnWriteArrayList<>();
        app.periodic("* * * * * *", "every_second", ctx -> timestamps.add(ctx.arg("timestamp", Long.class)));
        start(TestApps.workerOptions().build());

        await().atMost(DEADLINE).until(() -> timestamps.size() >= 2);
        assertThat(timestamps).doesNotHaveDuplicates();
    }

    @Test
    void jobLogLinesCarryTheUpstreamActionAndTheJobInTheMdc() {
        try (WorkerLog log = new WorkerLog(ch.qos.logback.classic.Level.INFO)) {
            app.task("t", ctx -> { });
            long id = app.configureTask("t").defer(Map.of());
            app.worker(TestApps.workerOptions().name("logged").waitForJobs(false).build()).run();

            assertThat(log.withAction("job_success")).anySatisfy(event ->
                assertThat(event.getMDCPropertyMap()).containsEntry("job_id", Long.toString(id))
                        .containsEntry("task", "t").containsEntry("worker", "logged"));
        }
    }

    @Test
    void aRunLogsUpstreamsLoadedJobInfoWithTheJobsFieldsAndFinishTaskWithItsStatus() {
        try (WorkerLog log = new WorkerLog(ch.qos.logback.classic.Level.DEBUG)) {
            app.task("ok", ctx -> { });
            app.task("broken", ctx -> {
                throw new IllegalStateException("broken");
            });
            long ok = app.configureTask("ok").queue("q1").priority(3).lock("L").defer(Map.of("a", 1));
            long broken = app.configureTask("broken").queue("q1").defer(Map.of());
            app.worker(TestApps.workerOptions().queues("q1").waitForJobs(false).build()).run();

            assertThat(log.withAction("loaded_job_info")).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.DEBUG);
                assertThat(WorkerLog.keyValues(event)).containsEntry("job_id", Long.toString(ok))
                        .containsEntry("task_name", "ok").containsEntry("queue", "q1").containsEntry("priority", "3")
                        .containsEntry("lock", "L").containsEntry("attempts", "0")
                        .containsEntry("task_kwargs", "{\"a\": 1}");
            });
            List<Map<String, Object>> finished = log.withAction("finish_task").stream().map(WorkerLog::keyValues)
                    .toList();
            assertThat(finished).anySatisfy(kv -> assertThat(kv).containsEntry("job_id", Long.toString(ok))
                    .containsEntry("status", "succeeded"));
            assertThat(finished).anySatisfy(kv -> assertThat(kv).containsEntry("job_id", Long.toString(broken))
                    .containsEntry("status", "failed"));
            List<String> order = log.events().stream().map(event -> WorkerLog.keyValues(event).get("action"))
                    .filter(action -> action != null).map(String::valueOf)
                    .filter(List.of("loaded_job_info", "start_job", "finish_task")::contains).toList();
            assertThat(order).startsWith("loaded_job_info", "start_job", "finish_task");
        }
    }

    @Test
    void customRetryStrategyCanMoveTheRetryToAnotherQueueAndPriority() {
        app.task("move", TaskOptions.builder().retry((job, error, attempts, now) -> attempts == 0
                ? java.util.Optional.of(new dev.procrastinate.api.RetryDecision(now, 7, "slow_lane", null))
                : java.util.Optional.empty()).build(), ctx -> {
                    throw new IllegalStateException("first run fails");
                });
        long id = app.configureTask("move").defer(Map.of());
        worker = app.worker(TestApps.workerOptions().waitForJobs(false).queues("default").build());

        worker.run();

        dev.procrastinate.api.Job moved = app.jobManager().getJob(id).orElseThrow();
        assertThat(moved.status()).isEqualTo(JobStatus.TODO);
        assertThat(moved.queueName()).isEqualTo("slow_lane");
        assertThat(moved.priority()).isEqualTo(7);
    }

    @Test
    void ignoringAlreadyEnqueuedReturnsNothingInsteadOfThrowing() {
        long first = app.configureTask("t").queueingLock("Q").defer(Map.of());

        assertThat(app.configureTask("t").queueingLock("Q").deferIgnoringAlreadyEnqueued(Map.of())).isEmpty();
        assertThat(app.jobManager().getJob(first)).isPresent();
    }

    @Test
    void listenersAreToldOfEveryStartAndOfEachOutcomeIncludingRetriesAndUnknownTasks() {
        List<String> seen = new CopyOnWriteArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void jobStarted(dev.procrastinate.api.Job job) {
                seen.add("started:" + job.taskName());
            }

            @Override
            public void jobEnded(dev.procrastinate.api.Job job, JobOutcome outcome, Duration duration,
                    Throwable error) {
                seen.add(outcome + ":" + job.taskName() + ":" + (error == null ? "-" : error.getClass().getSimpleName()));
            }
        };
        app.task("ok", ctx -> { });
        app.task("flaky", TaskOptions.builder().retry(Retry.times(1)).build(), ctx -> {
            throw new IllegalStateException("boom");
        });
        app.configureTask("ok").defer(Map.of());
        app.configureTask("flaky").defer(Map.of());
        app.configureTask("nobody-has-this").defer(Map.of());
        start(TestApps.workerOptions().listeners(listener, new JobListener() {
            @Override
            public void jobStarted(dev.procrastinate.api.Job job) {
                throw new IllegalStateException("a broken listener changes nothing");
            }
        }).build());

        await().atMost(DEADLINE).until(() -> seen.stream().filter(s -> !s.startsWith("started")).count() == 4);
        assertThat(seen).filteredOn(s -> !s.startsWith("started")).containsExactlyInAnyOrder(
                "SUCCEEDED:ok:-", "RETRIED:flaky:IllegalStateException", "FAILED:flaky:IllegalStateException",
                "FAILED:nobody-has-this:TaskNotFoundException");
        assertThat(seen).filteredOn(s -> s.startsWith("started")).hasSize(4);
    }
}
