package dev.procrastinate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.core.worker.WorkerOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class WorkerCommandTest {

    private static WorkerCommand parsed(String... args) {
        WorkerCommand worker = new WorkerCommand();
        new CommandLine(worker).parseArgs(args);
        return worker;
    }

    @Test
    void defaultTimeoutAndTimeoutGraceFlagsBecomeTheWorkersTimeoutOptions() {
        WorkerOptions options = parsed("--default-timeout", "2.5", "--timeout-grace", "0.25").options();

        assertThat(options.defaultTimeout()).contains(Duration.ofMillis(2500));
        assertThat(options.timeoutGrace()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void withoutTimeoutFlagsRunsHaveNoLimitAndFiveSecondsOfGrace() {
        WorkerOptions options = parsed().options();

        assertThat(options.defaultTimeout()).isEmpty();
        assertThat(options.timeoutGrace()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> parsed("--default-timeout", "0").options()).isInstanceOf(ParameterException.class)
                .hasMessage("--default-timeout: 0 is not a number of seconds greater than 0");
        assertThatThrownBy(() -> parsed("--timeout-grace", "-1").options()).isInstanceOf(ParameterException.class)
                .hasMessage("--timeout-grace: -1 is not a number of seconds greater than 0");
    }

    @Test
    void everyOptionReadsItsDefaultFromProcrastinateWorkerAndItsName() {
        EnvironmentDefaults.Worker environment = new EnvironmentDefaults.Worker();

        assertThat(environment.variable("--default-timeout")).isEqualTo("PROCRASTINATE_WORKER_DEFAULT_TIMEOUT");
        assertThat(environment.variable("--fetch-job-polling-interval"))
                .isEqualTo("PROCRASTINATE_WORKER_FETCH_JOB_POLLING_INTERVAL");
        assertThat(new EnvironmentDefaults.Dashboard().variable("--port")).isEqualTo("PROCRASTINATE_DASHBOARD_PORT");
    }
}
