package dev.procrastinate.spring.flyway;

/**
 * Flyway migration 3.9.4: procrastinate-java's step 4, two indexes on {@code procrastinate_jobs} for the claim (the
 * waiting jobs of one queue in claim order, the waiting and running jobs by lock); the same script as {@code
 * SchemaManager.applyExtensions()}. Upstream's objects are unchanged.
 */
@SuppressWarnings("checkstyle:TypeName")
public class V3_9_4__procrastinate4j_claim_indexes extends ExtensionStepMigration {

    public V3_9_4__procrastinate4j_claim_indexes() {
        super(4);
    }
}
