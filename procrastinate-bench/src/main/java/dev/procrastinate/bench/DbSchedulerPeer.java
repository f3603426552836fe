package dev.procrastinate.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * db-scheduler 16 on the same server, in its own table, in its SKIP LOCKED mode ({@code pollUsingLockAndFetch}),
 * with the same thread count: how fast it enqueues in batches of 1,000 and drains no-op one-time tasks.
 */
final class DbSchedulerPeer {

    private static final String TABLE = """
            DROP TABLE IF EXISTS scheduled_tasks;
            CREATE TABLE scheduled_tasks (
                task_name text NOT NULL,
                task_instance text NOT NULL,
                task_data bytea,
                execution_time timestamptz NOT NULL,
                picked boolean NOT NULL,
                picked_by text,
                last_success timestamptz,
                last_failure timestamptz,
                consecutive_failures int,
                last_heartbeat timestamptz,
                version bigint NOT NULL,
                priority smallint,
                PRIMARY KEY (task_name, task_instance)
            );
            CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
            CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
            CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
            """;

    private DbSchedulerPeer() {
    }

    /** Throughputs, and CPU per job of the JVM and of PostgreSQL in microseconds (negative: not measured). */
    record Result(double enqueuePerSecond, double drainPerSecond, CpuMeter enqueueCpu, CpuMeter drainCpu) {
    }

    static Result measure(String url, CpuMeter.Server server, int jobs, int threads) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Bench.jdbcUrl(url));
        config.setUsername(Bench.user(url));
        config.setPassword(Bench.password(url));
        config.setMaximumPoolSize(threads + 2);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute(TABLE);
            }
            CountDownLatch done = new CountDownLatch(jobs);
            OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) -> done.countDown());
            SchedulerClient client = SchedulerClient.Builder.create(dataSource, noop).build();
            Instant now = Instant.now();
            CpuMeter enqueueCpu = new CpuMeter(server).start();
            long start = System.nanoTime();
            for (int from = 0; from < jobs; from += 1000) {
                List<TaskInstance<?>> batch = new ArrayList<>();
                for (int i = from; i < Math.min(jobs, from + 1000); i++) {
                    batch.add(noop.instance("job-" + i));
                }
                client.scheduleBatch(batch, now);
            }
            double enqueue = jobs / Bench.seconds(start);
            enqueueCpu.stop();
            analyze(dataSource);
            Scheduler scheduler = Scheduler.create(dataSource, noop).threads(threads)
                    .pollUsingLockAndFetch(0.5, 1.0).pollingInterval(Duration.ofMillis(100)).build();
            CpuMeter drainCpu = new CpuMeter(server).start();
            start = System.nanoTime();
            scheduler.start();
            boolean finished = done.await(10, TimeUnit.MINUTES);
            double elapsed = Bench.seconds(start);
            drainCpu.stop();
            scheduler.stop();
            return new Result(enqueue, finished ? jobs / elapsed : Double.NaN, enqueueCpu, drainCpu);
        }
    }

    private static void analyze(HikariDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE scheduled_tasks");
        }
    }
}
