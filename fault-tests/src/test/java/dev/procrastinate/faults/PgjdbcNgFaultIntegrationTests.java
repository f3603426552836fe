package dev.procrastinate.faults;

/** The fault scenarios with worker processes on the pgjdbc-ng connector. */
class PgjdbcNgFaultIntegrationTests extends FaultScenarios {

    @Override
    String connector() {
        return "pgjdbc-ng";
    }
}
