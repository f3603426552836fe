package dev.procrastinate.faults;

/** The fault scenarios with worker processes on the jdbc connector. */
class JdbcFaultIntegrationTests extends FaultScenarios {

    @Override
    String connector() {
        return "jdbc";
    }
}
