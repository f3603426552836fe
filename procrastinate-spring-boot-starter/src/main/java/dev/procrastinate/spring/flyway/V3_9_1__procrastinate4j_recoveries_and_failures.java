package dev.procrastinate.spring.flyway;

import dev.procrastinate.core.schema.SchemaManager;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Flyway migration 3.9.1: procrastinate-java's first additive step (tables {@code procrastinate4j_job_recoveries}
 * and {@code procrastinate4j_job_failures}), the same script as {@code SchemaManager.applyExtensions()}. Upstream's
 * objects are untouched, so Python procrastinate keeps working on the same database.
 */
@SuppressWarnings("checkstyle:TypeName")
public class V3_9_1__procrastinate4j_recoveries_and_failures extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute(SchemaManager.extensionStepScript(SchemaManager.EXTENSION_STEPS.get(0)));
        }
    }
}
