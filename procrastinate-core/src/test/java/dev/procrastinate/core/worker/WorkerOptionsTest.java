package dev.procrastinate.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerOptionsTest {

    @Test
    void defaultsAreUpstreams() {
        WorkerOptions options = WorkerOptions.defaults();

        assertThat(options.queues()).isEmpty();
        assertThat(options.name()).isEqualTo("worker");
        assertThat(options.concurrency()).isEqualTo(1);
        assertThat(options.waitForJobs()).isTrue();
        assertThat(options.fetchJobPollingInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.abortJobPollingInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.shutdownGracefulTimeout()).isEmpty();
        assertThat(options.listenNotify()).isTrue();
        assertThat(options.deleteJobs()).isEqualTo(DeleteJobs.NEVER);
        assertThat(options.additionalContext()).isEqualTo(Map.of());
        assertThat(options.installSignalHandlers()).isTrue();
        assertThat(options.updateHeartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.stalledWorkerTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void zeroConcurrencyIsRefusedNamingTheField() {
        assertThatThrownBy(() -> WorkerOptions.builder().concurrency(0).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("concurrency");
    }

    @Test
    void stalledTimeoutShorterThanHeartbeatIsRefusedNamingBothFields() {
        assertThatThrownBy(() -> WorkerOptions.builder().updateHeartbeatInterval(Duration.ofSeconds(40)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("stalledWorkerTimeout").hasMessageContaining("updateHeartbeatInterval");
    }

    @Test
    void deleteJobsSuccessfulDeletesOnlySucceededJobs() {
        assertThat(DeleteJobs.SUCCESSFUL.deletes(dev.procrastinate.api.JobStatus.SUCCEEDED)).isTrue();
        assertThat(DeleteJobs.SUCCESSFUL.deletes(dev.procrastinate.api.JobStatus.FAILED)).isFalse();
        assertThat(DeleteJobs.ALWAYS.deletes(dev.procrastinate.api.JobStatus.FAILED)).isTrue();
        assertThat(DeleteJobs.NEVER.deletes(dev.procrastinate.api.JobStatus.SUCCEEDED)).isFalse();
    }
}
