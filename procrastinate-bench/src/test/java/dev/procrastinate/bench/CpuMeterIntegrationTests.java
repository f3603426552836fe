package dev.procrastinate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.procrastinate.api.Connectors;
import dev.procrastinate.core.App;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CpuMeterIntegrationTests {

    @Test
    void findsTheServersPostmasterFromOneOfItsBackendsAndMeasuresTheServersCpu(TestDatabase database) {
        assumeTrue(database.host().equals("localhost") || database.host().startsWith("127."),
                "the test server runs on this machine (the embedded one)");
        try (App app = App.create(Connectors.get("jdbc", database.connectorOptions()))) {
            CpuMeter.Server server = CpuMeter.Server.locate(app.connector());
            assertThat(server.postmasterPid()).as(server.description()).isPositive();
            assertThat(server.description()).contains("postmaster pid " + server.postmasterPid());
            CpuMeter meter = new CpuMeter(server).start();
            app.connector().query("SELECT count(*) AS n FROM generate_series(1, 5000000)");
            meter.stop();
            assertThat(meter.postgresNanos()).as("the server's CPU while it counted 5 million rows").isPositive();
        }
    }

    @Test
    void saysNotMeasuredWhenTheBackendPidIsNoLocalPostgresProcess() {
        CpuMeter.Server server = CpuMeter.Server.check(ProcessHandle.current().pid(), 0, null);

        assertThat(server.postmasterPid()).isNegative();
        assertThat(server.description()).startsWith("PostgreSQL CPU not measured: the server is not on this machine")
                .contains("backend pid " + ProcessHandle.current().pid() + " is no local postgres process");
        assertThat(new CpuMeter(server).start().stop().postgresNanos()).isNegative();
    }

    @Test
    void saysNotMeasuredWhenTheLocalProcessStartedAtAnotherTimeThanTheServerSays(TestDatabase database) {
        assumeTrue(database.host().equals("localhost") || database.host().startsWith("127."),
                "the test server runs on this machine (the embedded one)");
        try (App app = App.create(Connectors.get("jdbc", database.connectorOptions()))) {
            long backend = app.connector().query("SELECT pg_backend_pid() AS pid").get(0).getLong("pid");
            // A server elsewhere whose backend pid happens to be a local postgres process: its start time differs.
            CpuMeter.Server server = CpuMeter.Server.check(backend, 86_400, null);

            assertThat(server.postmasterPid()).isNegative();
            assertThat(server.description()).contains("started at another time than pg_postmaster_start_time()");
        }
    }
}
