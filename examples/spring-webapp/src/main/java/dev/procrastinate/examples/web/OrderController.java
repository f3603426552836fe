package dev.procrastinate.examples.web;

import dev.procrastinate.api.JobQuery;
import dev.procrastinate.core.App;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The web API: place an order, look at it, and a small admin view of the queue. */
@RestController
public class OrderController {

    /** The body of {@code POST /orders}. */
    public record NewOrder(String item, int quantity) {
    }

    private final OrderService service;
    private final ShopOrderRepository orders;
    private final App app;

    public OrderController(OrderService service, ShopOrderRepository orders, App app) {
        this.service = service;
        this.orders = orders;
        this.app = app;
    }

    @PostMapping("/orders")
    public ResponseEntity<Map<String, Object>> place(@RequestBody NewOrder order) {
        OrderService.Placed placed = service.place(order.item(), order.quantity());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("order", placed.order(), "jobId",
                placed.jobId()));
    }

    @GetMapping("/orders/{id}")
    public ResponseEntity<ShopOrder> get(@PathVariable long id) {
        return ResponseEntity.of(orders.findById(id));
    }

    /** The admin page of the seed's Django admin, as JSON: the latest jobs and the per-queue counts. */
    @GetMapping("/admin/jobs")
    public Map<String, Object> jobs() {
        List<Map<String, Object>> jobs = app.jobManager().listJobs(JobQuery.all().withLimit(20).newestFirst()).stream()
                .map(job -> Map.<String, Object>of("id", job.id(), "task", job.taskName(), "queue", job.queueName(),
                        "status", job.status().toString(), "attempts", job.attempts(), "args", job.argsJson()))
                .toList();
        return Map.of("jobs", jobs, "queues", app.jobManager().listQueues(JobQuery.all()).stream()
                .map(queue -> Map.of("queue", queue.name(), "counts", queue.counts())).toList());
    }

    @ExceptionHandler(OrderService.OutOfStockException.class)
    public ResponseEntity<Map<String, String>> outOfStock(OrderService.OutOfStockException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }
}
