package dev.procrastinate.spring.flyway;

import dev.procrastinate.core.schema.SchemaManager;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Flyway migration 3.9.2: procrastinate-java's step 2, which gives two of upstream's triggers upstream's name and
 * definition in databases that an earlier procrastinate-java created; the same script as
 * {@code SchemaManager.applyExtensions()}. Databases that Python procrastinate created are left as they are.
 */
@SuppressWarnings("checkstyle:TypeName")
public class V3_9_2__procrastinate4j_upstream_trigger_definitions extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute(SchemaManager.extensionStepScript(SchemaManager.EXTENSION_STEPS.get(1)));
        }
    }
}
