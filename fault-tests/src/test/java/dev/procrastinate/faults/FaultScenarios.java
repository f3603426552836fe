package dev.procrastinate.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault scenarios, run by one subclass per connector. Each defers {@value FaultRun#JOBS} jobs to
 * {@value FaultRun#PROCESSES} worker processes, injects its fault once about a third of them ran, and then asserts
 * (see {@link FaultRun#finish()}): every job succeeded, none ran twice except those running in a killed or frozen
 * process, no two runs of one job at once, and every process that was not killed alive and taking jobs at the end.
 */
abstract class FaultScenarios {

    /** Held for longer than the stalled-worker timeout, so that every worker looks dead when it comes back. */
    static final Duration DATABASE_DOWN = FaultRun.STALLED_TIMEOUT.multipliedBy(2);
    static final Duration CONNECTIONS_REFUSED = Duration.ofSeconds(10);
    static final int TERMINATIONS = 4;

    /** The connector's name, as {@code procrastinate.connector} takes it. */
    abstract String connector();

    @Test
    void aKilledWorkersJobsRunAgainElsewhereAndAReplacementWorkerTakesJobs() throws Exception {
        try (FaultRun run = FaultRun.begin("SIGKILL + replacement", connector())) {
            run.deferInitialJobs();
            run.awaitRuns(FaultRun.JOBS / 3);

            WorkerProcess victim = run.processes().get(0);
            victim.kill();
            run.gone(victim);
            run.allowTwice(run.doingJobsOf(victim));
            run.awaitRegistered(List.of(run.startWorker()));

            run.finish();
        }
    }

    @Test
    void aWorkerFrozenPastTheStalledTimeoutComesBackAndTakesJobsAgain() throws Exception {
        try (FaultRun run = FaultRun.begin("SIGSTOP past stalled timeout, SIGCONT", connector())) {
            run.deferInitialJobs();
            run.awaitRuns(FaultRun.JOBS / 3);

            WorkerProcess victim = run.processes().get(0);
            long workerId = victim.currentWorkerId();
            victim.freeze();
            Instant stoppedAt = Instant.now();
            run.allowTwice(run.doingJobsOf(victim));
            if (!Await.until(FaultRun.JOBS_DEADLINE, () -> !run.isRegistered(workerId))) {
                run.note("the frozen worker " + workerId + " was not pruned within " + FaultRun.JOBS_DEADLINE);
            }
            Instant continuedAt = Instant.now();
            victim.thaw();
            run.frozen(new FaultRun.Freeze(victim.pid(), stoppedAt, continuedAt));

            run.finish();
        }
    }

    @Test
    void aPostgresRestartMidRunLosesNoJobAndRunsNoneTwice() throws Exception {
        try (FaultRun run = FaultRun.begin("PostgreSQL restarted mid-run", connector())) {
            run.deferInitialJobs();
            run.awaitRuns(FaultRun.JOBS / 3);

            run.postgres().restart();

            run.finish();
        }
    }

    @Test
    void workersCarryOnAfterAllTheirConnectionsAreTerminatedRepeatedly() throws Exception {
        try (FaultRun run = FaultRun.begin("pg_terminate_backend x" + TERMINATIONS, connector())) {
            run.deferInitialJobs();
            run.awaitRuns(FaultRun.JOBS / 6);

            for (int i = 0; i < TERMINATIONS; i++) {
                long terminated = run.terminateWorkerConnections();
                if (terminated == 0) {
                    run.note("termination " + (i + 1) + " found no connection of the workers");
                }
                run.awaitRuns(Math.min(run.runs() + FaultRun.JOBS / 15, FaultRun.JOBS));
            }

            run.finish();
        }
    }

    @Test
    void workersWaitOutRefusedConnectionsAndCarryOn() throws Exception {
        try (FaultRun run = FaultRun.begin("connections refused " + CONNECTIONS_REFUSED.toSeconds() + " s",
                connector())) {
            run.deferInitialJobs();
            run.awaitRuns(FaultRun.JOBS / 3);

            run.refuseConnections(true);
            run.terminateWorkerConnections();
            Thread.sleep(CONNECTIONS_REFUSED.toMillis());
            run.refuseConnections(false);

            run.finish();
        }
    }

    @Test
    void aDatabaseOutageLongerThanTheStalledTimeoutPrunesNoLiveWorkerAndLosesNoJob() throws Exception {
        try (FaultRun run = FaultRun.begin("database down " + DATABASE_DOWN.toSeconds() + " s (> stalled timeout)",
                connector())) {
            run.deferInitialJobs();
            run.awaitRuns(FaultRun.JOBS / 3);

            run.postgres().stop();
            Thread.sleep(DATABASE_DOWN.toMillis());
            run.postgres().start();

            run.finish();
        }
    }
}
