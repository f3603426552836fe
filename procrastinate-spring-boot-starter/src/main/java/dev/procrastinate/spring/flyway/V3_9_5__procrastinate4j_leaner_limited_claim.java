package dev.procrastinate.spring.flyway;

/**
 * Flyway migration 3.9.5: procrastinate-java's step 5, the claim of limited queues in one statement per queue; the
 * same script as {@code SchemaManager.applyExtensions()}. Upstream's objects are unchanged.
 */
@SuppressWarnings("checkstyle:TypeName")
public class V3_9_5__procrastinate4j_leaner_limited_claim extends ExtensionStepMigration {

    public V3_9_5__procrastinate4j_leaner_limited_claim() {
        super(5);
    }
}
