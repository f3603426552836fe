package dev.procrastinate.spring.flyway;

/**
 * Flyway migration 3.9.1: procrastinate-java's first additive step (tables {@code procrastinate4j_job_recoveries}
 * and {@code procrastinate4j_job_failures}), the same script as {@code SchemaManager.applyExtensions()}. Upstream's
 * objects are untouched, so Python procrastinate keeps working on the same database.
 */
@SuppressWarnings("checkstyle:TypeName")
public class V3_9_1__procrastinate4j_recoveries_and_failures extends ExtensionStepMigration {

    public V3_9_1__procrastinate4j_recoveries_and_failures() {
        super(1);
    }
}
