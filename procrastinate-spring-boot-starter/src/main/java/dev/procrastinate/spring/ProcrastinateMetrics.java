package dev.procrastinate.spring;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.StatusCounts;
import dev.procrastinate.core.worker.JobListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Micrometer meters, tagged by task and queue:
 * <ul>
 * <li>{@code procrastinate.jobs.deferred} (counted once the job is visible: after the commit, in a transaction);</li>
 * <li>{@code procrastinate.jobs.started}; {@code procrastinate.jobs.succeeded}, {@code .failed}, {@code .retried},
 * {@code .aborted} (each run counts once);</li>
 * <li>{@code procrastinate.jobs.duration}, a timer per task, queue and outcome;</li>
 * <li>{@code procrastinate.queue.depth}, a gauge per queue and status ({@code todo}, {@code doing}), read from the
 * database every {@code procrastinate.metrics.queue-depth-interval}.</li>
 * </ul>
 */
public final class ProcrastinateMetrics implements JobListener, DeferListener, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ProcrastinateMetrics.class);

    private final MeterRegistry registry;
    private final JobManager jobManager;
    private final MultiGauge queueDepth;
    private final ScheduledExecutorService refresher;

    ProcrastinateMetrics(MeterRegistry registry, JobManager jobManager, Duration queueDepthInterval) {
        this.registry = registry;
        this.jobManager = jobManager;
        this.queueDepth = MultiGauge.builder("procrastinate.queue.depth")
                .description("jobs waiting (todo) or running (doing) per queue").baseUnit("jobs").register(registry);
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "procrastinate-metrics");
            thread.setDaemon(true);
            return thread;
        });
        long every = queueDepthInterval.toMillis();
        refresher.scheduleWithFixedDelay(this::refreshQueueDepthQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void deferred(List<JobToDefer> jobs) {
        for (JobToDefer job : jobs) {
            counter("procrastinate.jobs.deferred", job.taskName(), job.queueName()).increment();
        }
    }

    @Override
    public void jobStarted(Job job) {
        counter("procrastinate.jobs.started", job.taskName(), job.queueName()).increment();
    }

    @Override
    public void jobEnded(Job job, JobOutcome outcome, Duration duration, Throwable error) {
        String name = outcome.name().toLowerCase(Locale.ROOT);
        counter("procrastinate.jobs." + name, job.taskName(), job.queueName()).increment();
        Timer.builder("procrastinate.jobs.duration").description("how long job runs took")
                .tags("task", job.taskName(), "queue", job.queueName(), "outcome", name)
                .register(registry).record(duration);
    }

    private Counter counter(String name, String task, String queue) {
        return Counter.builder(name).tags("task", task, "queue", queue).register(registry);
    }

    /** Reads the per-queue counts now (the gauges otherwise refresh on their interval). */
    public void refreshQueueDepth() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (StatusCounts counts : jobManager.listQueues(JobQuery.all())) {
            rows.add(MultiGauge.Row.of(Tags.of("queue", counts.name(), "status", "todo"),
                    counts.count(JobStatus.TODO)));
            rows.add(MultiGauge.Row.of(Tags.of("queue", counts.name(), "status", "doing"),
                    counts.count(JobStatus.DOING)));
        }
        queueDepth.register(rows, true);
    }

    private void refreshQueueDepthQuietly() {
        try {
            refreshQueueDepth();
        } catch (ProcrastinateException e) {
            LOG.debug("could not read queue depths: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
