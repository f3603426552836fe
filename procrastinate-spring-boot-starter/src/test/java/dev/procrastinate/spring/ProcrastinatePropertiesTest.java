package dev.procrastinate.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.core.worker.DeleteJobs;
import dev.procrastinate.core.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ProcrastinatePropertiesTest {

    private static ProcrastinateProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("procrastinate", ProcrastinateProperties.class);
    }

    @Test
    void everyWorkerPropertyReachesTheWorkerOptions() {
        WorkerOptions options = bind(Map.ofEntries(
                Map.entry("procrastinate.worker.queues", "mail,reports"),
                Map.entry("procrastinate.worker.name", "w1"),
                Map.entry("procrastinate.worker.concurrency", "8"),
                Map.entry("procrastinate.worker.wait-for-jobs", "false"),
                Map.entry("procrastinate.worker.fetch-job-polling-interval", "2s"),
                Map.entry("procrastinate.worker.abort-job-polling-interval", "3s"),
                Map.entry("procrastinate.worker.shutdown-graceful-timeout", "1m"),
                Map.entry("procrastinate.worker.listen-notify", "false"),
                Map.entry("procrastinate.worker.delete-jobs", "successful"),
                Map.entry("procrastinate.worker.additional-context.region", "eu"),
                Map.entry("procrastinate.worker.install-signal-handlers", "true"),
                Map.entry("procrastinate.worker.update-heartbeat-interval", "4s"),
                Map.entry("procrastinate.worker.stalled-worker-timeout", "40s"),
                Map.entry("procrastinate.worker.reap-stalled-jobs", "false"),
                Map.entry("procrastinate.worker.default-timeout", "90s"),
                Map.entry("procrastinate.worker.timeout-grace", "2s")))
                .getWorker().toOptions().build();

        assertThat(options).isEqualTo(WorkerOptions.builder().queues(List.of("mail", "reports")).name("w1")
                .concurrency(8).waitForJobs(false).fetchJobPollingInterval(Duration.ofSeconds(2))
                .abortJobPollingInterval(Duration.ofSeconds(3)).shutdownGracefulTimeout(Duration.ofMinutes(1))
                .listenNotify(false).deleteJobs(DeleteJobs.SUCCESSFUL).additionalContext(Map.of("region", "eu"))
                .installSignalHandlers(true).updateHeartbeatInterval(Duration.ofSeconds(4))
                .stalledWorkerTimeout(Duration.ofSeconds(40)).reapStalledJobs(false)
                .defaultTimeout(Duration.ofSeconds(90)).timeoutGrace(Duration.ofSeconds(2)).build());
    }

    @Test
    void aTimeoutGraceThatIsNotPositiveIsRefusedNamingItsProperty() {
        ProcrastinateProperties properties = bind(Map.of("procrastinate.worker.timeout-grace", "0s"));

        assertThatThrownBy(() -> properties.getWorker().toOptions()).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("procrastinate.worker.timeout-grace: ");
    }

    @Test
    void withoutPropertiesTheWorkerHasUpstreamsDefaultsButLeavesSignalsToSpring() {
        WorkerOptions options = bind(Map.of()).getWorker().toOptions().build();

        assertThat(options).isEqualTo(WorkerOptions.builder().installSignalHandlers(false).build());
        assertThat(bind(Map.of()).getWorker().isEnabled()).isFalse();
    }

    @Test
    void aWorkerOptionThatBreaksACrossFieldRuleIsRefusedNamingItsPropertyAndTheOtherOption() {
        ProcrastinateProperties properties = bind(Map.of(
                "procrastinate.worker.update-heartbeat-interval", "30s",
                "procrastinate.worker.stalled-worker-timeout", "10s"));

        assertThatThrownBy(() -> properties.getWorker().toOptions()).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("procrastinate.worker.stalled-worker-timeout: ")
                .hasMessageContaining("(PT10S)").hasMessageContaining("updateHeartbeatInterval (PT30S)");
    }

    @Test
    void aConnectorOptionCoreRefusesIsReportedUnderItsProperty() {
        ConfigurationException refused = ConfigurationException.ofOption(ConnectorOptions.MAX_POOL_SIZE,
                "ConnectorOptions.maxPoolSize must be at least 1, was 0");

        assertThat(ProcrastinateProperties.named(ProcrastinateProperties.connectorProperty(
                ConnectorOptions.MAX_POOL_SIZE), refused))
                .hasMessage("procrastinate.pool-size: ConnectorOptions.maxPoolSize must be at least 1, was 0")
                .satisfies(e -> assertThat(e.option()).contains(ConnectorOptions.MAX_POOL_SIZE));
        assertThat(ProcrastinateProperties.connectorProperty(ConnectorOptions.LISTEN_URL))
                .isEqualTo("procrastinate.listen-url");
    }

    @Test
    void theWorkerPropertiesStartFromCoresDefaults() {
        WorkerOptions defaults = WorkerOptions.defaults();
        WorkerOptions bound = bind(Map.of()).getWorker().toOptions().build();

        assertThat(bound.concurrency()).isEqualTo(defaults.concurrency());
        assertThat(bound.fetchJobPollingInterval()).isEqualTo(defaults.fetchJobPollingInterval());
        assertThat(bound.stalledWorkerTimeout()).isEqualTo(defaults.stalledWorkerTimeout());
        assertThat(bound.maxRecoveries()).isEqualTo(defaults.maxRecoveries());
        assertThat(bound.installSignalHandlers()).isFalse();
    }
}
