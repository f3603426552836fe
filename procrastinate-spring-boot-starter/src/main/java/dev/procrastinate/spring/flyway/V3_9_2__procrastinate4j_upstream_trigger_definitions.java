package dev.procrastinate.spring.flyway;

/**
 * Flyway migration 3.9.2: procrastinate-java's step 2, which gives two of upstream's triggers upstream's name and
 * definition in databases that an earlier procrastinate-java created; the same script as
 * {@code SchemaManager.applyExtensions()}. Databases that Python procrastinate created are left as they are.
 */
@SuppressWarnings("checkstyle:TypeName")
public class V3_9_2__procrastinate4j_upstream_trigger_definitions extends ExtensionStepMigration {

    public V3_9_2__procrastinate4j_upstream_trigger_definitions() {
        super(2);
    }
}
