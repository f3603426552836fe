package dev.procrastinate.faults;

/** The fault scenarios with worker processes on the vertx connector. */
class VertxFaultIntegrationTests extends FaultScenarios {

    @Override
    String connector() {
        return "vertx";
    }
}
