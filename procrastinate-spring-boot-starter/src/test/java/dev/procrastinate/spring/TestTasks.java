package dev.procrastinate.spring;

import dev.procrastinate.api.JobContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Task bean methods of the test applications; each run is recorded in {@link #calls}. */
public class TestTasks {

    final List<String> calls = new CopyOnWriteArrayList<>();

    record Order(long orderId, List<String> items) {
    }

    @Task(name = "add", queue = "maths")
    public void add(int a, int b, Optional<String> note, JobContext context) {
        calls.add("add:" + (a + b) + ":" + note.orElse("-") + ":" + context.job().queueName());
    }

    @Task(name = "order")
    public void order(@JobArgs Order order) {
        calls.add("order:" + order.orderId() + ":" + order.items());
    }

    @Task(name = "flaky", retry = 1)
    public void flaky() {
        calls.add("flaky");
        throw new IllegalStateException("always fails");
    }

    @Task(name = "needs-count")
    public void needsCount(int count) {
        calls.add("needs-count:" + count);
    }

    @Task(name = "tick")
    @Periodic(cron = "${test.tick-cron:0 0 1 1 *}", periodicId = "test")
    public void tick(long timestamp) {
        calls.add("tick:" + timestamp);
    }

    @Task
    public void unnamed() {
        calls.add("unnamed");
    }
}
