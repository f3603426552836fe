package dev.procrastinate.examples.web;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ShopOrderRepository extends JpaRepository<ShopOrder, Long> {

    long countByStatus(String status);
}
