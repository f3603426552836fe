package dev.procrastinate.examples.web;

import dev.procrastinate.core.App;
import dev.procrastinate.core.task.JobDeferrer;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders. This is the seed's "bridge": the web process does not have the task code, it defers
 * {@code confirm_order} by name ({@code configureTask}), and the defer joins the order's transaction.
 */
@Service
public class OrderService {

    /** What {@link #place} returns: the saved order and the id of the job that will confirm it. */
    public record Placed(ShopOrder order, long jobId) {
    }

    private final ShopOrderRepository orders;
    private final JobDeferrer confirmOrder;

    public OrderService(ShopOrderRepository orders, App app) {
        this.orders = orders;
        this.confirmOrder = app.configureTask("confirm_order").queue("orders");
    }

    /**
     * Saves the order and defers its confirmation in one transaction. The stock check comes last on purpose: when it
     * fails, the transaction rolls back and takes the job with it, so no worker ever sees a job for a missing order.
     */
    @Transactional
    public Placed place(String item, int quantity) {
        ShopOrder order = orders.save(new ShopOrder(item, quantity));
        long jobId = confirmOrder.defer(Map.of("orderId", order.getId()));
        if (quantity < 1 || quantity > 100) {
            throw new OutOfStockException("cannot sell " + quantity + " of " + item);
        }
        return new Placed(order, jobId);
    }

    /** Refuses an order; thrown inside the transaction, so it rolls back. */
    public static class OutOfStockException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public OutOfStockException(String message) {
            super(message);
        }
    }
}
