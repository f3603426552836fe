package dev.procrastinate.spring.flyway;

import dev.procrastinate.core.schema.SchemaManager;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Flyway migration 3.9: every procrastinate object of schema version 3.9, the same script as
 * {@code procrastinate schema --apply}. Found by Flyway under {@code classpath:dev/procrastinate/spring/flyway}.
 */
@SuppressWarnings("checkstyle:TypeName")
public class V3_9__procrastinate_schema extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute(SchemaManager.schemaSql());
        }
    }
}
