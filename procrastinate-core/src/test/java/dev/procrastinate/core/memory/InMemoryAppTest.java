package dev.procrastinate.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.core.retry.Retry;
import dev.procrastinate.testing.InMemoryJobManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InMemoryAppTest {

    private final App app = App.builder().store(new InMemoryJobManager()).build();

    @Test
    void oneShotWorkerRunsDeferredJobsWithoutADatabase() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        app.task("sum", ctx -> seen.add(ctx.arg("a", Integer.class) + ctx.arg("b", Integer.class)));
        app.task("flaky", TaskOptions.builder().retry(Retry.times(1)).build(), ctx -> {
            throw new IllegalStateException("no");
        });
        long sum = app.configureTask("sum").defer(Map.of("a", 1, "b", 2));
        long flaky = app.configureTask("flaky").defer(Map.of());

        app.runWorker(TestApps.workerOptions().waitForJobs(false).build());

        assertThat(seen).containsExactly(3);
        assertThat(app.jobManager().getJob(sum).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(app.jobManager().getJob(flaky).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
        assertThat(app.jobManager().getJob(flaky).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void anAppWithAJobManagerButNeitherAWorkerStoreNorAConnectorIsRefusedWithTheFix() {
        assertThatThrownBy(() -> App.builder().jobManager(new InMemoryJobManager()).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("App.builder().store(new InMemoryJobManager())");
    }

    @Test
    void anInMemoryAppHasNoConnectorAndSaysSo() {
        assertThat(app.hasConnector()).isFalse();
        assertThatThrownBy(app::connector).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no connector");
    }
}
