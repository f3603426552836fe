package dev.procrastinate.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.JobStatus;
import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ExactlyOnceIntegrationTests {

    private static final int JOBS = 2_000;

    @Test
    void twoThousandJobsOnTwoWorkersOfEightThreadsEachRunExactlyOnce(TestDatabase database) {
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byWorker = new ConcurrentHashMap<>();
        try (App app = TestApps.withSchema(database)) {
            app.task("count", ctx -> {
                runs.computeIfAbsent(ctx.job().id(), id -> new AtomicInteger()).incrementAndGet();
                byWorker.computeIfAbsent(ctx.workerName(), name -> new AtomicInteger()).incrementAndGet();
            });
            List<Long> ids = app.batchDefer("count", IntStream.range(0, JOBS).mapToObj(i -> Map.of("i", i)).toList());
            assertThat(ids).doesNotHaveDuplicates().hasSize(JOBS);

            try (Worker first = app.worker(TestApps.workerOptions().name("first").concurrency(8).build()).start();
                    Worker second = app.worker(TestApps.workerOptions().name("second").concurrency(8).build())
                            .start()) {
                await().atMost(Duration.ofSeconds(120)).until(() -> runs.size() == JOBS
                        && app.jobManager().countByStatus().getOrDefault(JobStatus.SUCCEEDED, 0L) == JOBS);
                assertThat(first.state()).isEqualTo(Worker.State.RUNNING);
                assertThat(second.state()).isEqualTo(Worker.State.RUNNING);
            }

            assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(byWorker.keySet()).as("both workers took jobs").containsExactlyInAnyOrder("first", "second");
        }
    }
}
