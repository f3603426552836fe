package dev.procrastinate.spring.flyway;

/**
 * Flyway migration 3.9.3: procrastinate-java's step 3, the tables and functions of queue pause, concurrency limits
 * and rate limits; the same script as {@code SchemaManager.applyExtensions()}. Upstream's objects are unchanged.
 */
@SuppressWarnings("checkstyle:TypeName")
public class V3_9_3__procrastinate4j_queue_controls extends ExtensionStepMigration {

    public V3_9_3__procrastinate4j_queue_controls() {
        super(3);
    }
}
