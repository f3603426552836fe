package dev.procrastinate.examples.web;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

/** An order of the shop: placed by the web app, confirmed later by a job. */
@Entity
public class ShopOrder {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String item;
    private int quantity;
    private String status = "NEW";
    private Instant createdAt = Instant.now();
    private Instant confirmedAt;

    protected ShopOrder() {
    }

    public ShopOrder(String item, int quantity) {
        this.item = item;
        this.quantity = quantity;
    }

    public void confirm(Instant at) {
        this.status = "CONFIRMED";
        this.confirmedAt = at;
    }

    public Long getId() {
        return id;
    }

    public String getItem() {
        return item;
    }

    public int getQuantity() {
        return quantity;
    }

    public String getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getConfirmedAt() {
        return confirmedAt;
    }
}
