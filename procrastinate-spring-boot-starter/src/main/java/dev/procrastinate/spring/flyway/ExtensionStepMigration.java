package dev.procrastinate.spring.flyway;

import dev.procrastinate.core.schema.SchemaManager;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** A Flyway migration that runs one of procrastinate-java's additive schema steps, as the schema tools do. */
abstract class ExtensionStepMigration extends BaseJavaMigration {

    private final int version;

    ExtensionStepMigration(int version) {
        this.version = version;
    }

    @Override
    public final void migrate(Context context) throws Exception {
        SchemaManager.ExtensionStep step = SchemaManager.EXTENSION_STEPS.stream()
                .filter(candidate -> candidate.version() == version).findFirst().orElseThrow();
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute(SchemaManager.extensionStepScript(step));
        }
    }
}
