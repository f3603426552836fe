package dev.procrastinate.examples.web.tasks;

import dev.procrastinate.api.JobContext;
import dev.procrastinate.examples.web.ShopOrder;
import dev.procrastinate.examples.web.ShopOrderRepository;
import dev.procrastinate.spring.Periodic;
import dev.procrastinate.spring.Task;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tasks, only in the worker process (profile {@code worker}): the seed's {@code tasks} app that "runs
 * independently of the web app but has the whole ecosystem at hand" — here the JPA repository.
 */
@Component
@Profile("worker")
public class OrderTasks {

    private static final Logger LOG = LoggerFactory.getLogger(OrderTasks.class);

    private final ShopOrderRepository orders;

    public OrderTasks(ShopOrderRepository orders) {
        this.orders = orders;
    }

    @Task(name = "confirm_order", queue = "orders", retry = 3, retryWait = "2s")
    @Transactional
    public void confirmOrder(long orderId, JobContext context) {
        ShopOrder order = orders.findById(orderId)
                .orElseThrow(() -> new IllegalStateException("order " + orderId + " does not exist"));
        order.confirm(Instant.now());
        LOG.info("job {}: order {} ({} x {}) confirmed", context.job().id(), orderId, order.getQuantity(),
                order.getItem());
    }

    @Task(name = "orders_report")
    @Periodic(cron = "* * * * *")
    public void report(long timestamp) {
        LOG.info("report at {}: {} orders, {} confirmed", Instant.ofEpochSecond(timestamp), orders.count(),
                orders.countByStatus("CONFIRMED"));
    }
}
