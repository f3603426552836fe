package dev.procrastinate.spring.flyway;

/**
 * Flyway migration 3.9.6: procrastinate-java's step 6, the claim of limited queues by key reading the busy keys once
 * instead of once per job; the same script as {@code SchemaManager.applyExtensions()}. Upstream's objects are
 * unchanged.
 */
@SuppressWarnings("checkstyle:TypeName")
public class V3_9_6__procrastinate4j_keyed_claim_without_rescans extends ExtensionStepMigration {

    public V3_9_6__procrastinate4j_keyed_claim_without_rescans() {
        super(6);
    }
}
