package dev.procrastinate.spring;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.core.App;
import dev.procrastinate.core.schema.SchemaManager;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The starter's Flyway run; only loaded when Flyway is on the class path. */
final class FlywaySchema {

    private static final Logger LOG = LoggerFactory.getLogger(FlywaySchema.class);

    private FlywaySchema() {
    }

    static void migrate(DataSource dataSource, App app, String table) {
        if (dataSource == null) {
            throw new ConfigurationException("procrastinate.schema.apply=flyway needs the application's DataSource; "
                    + "with procrastinate.database-url use procrastinate.schema.apply=if-missing");
        }
        boolean installedWithoutFlyway = app.schema().isApplied();
        Flyway flyway = configure(dataSource, table, installedWithoutFlyway ? SchemaManager.SCHEMA_VERSION : "0");
        if (installedWithoutFlyway && flyway.info().current() == null) {
            flyway.baseline();
            LOG.info("procrastinate schema found without Flyway history: baselined at {} in {}",
                    SchemaManager.SCHEMA_VERSION, table);
        }
        MigrateResult result = flyway.migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("procrastinate schema migrated to {} ({} migration(s), history in {})", result.targetSchemaVersion,
                    result.migrationsExecuted, table);
        }
    }

    /**
     * The application's own tables make the schema non-empty, so a first run records a baseline at version 0 (or at
     * 3.9 when the schema is already there) in procrastinate's history table, then migrates from it.
     */
    private static Flyway configure(DataSource dataSource, String table, String baselineVersion) {
        return Flyway.configure(FlywaySchema.class.getClassLoader()).dataSource(dataSource)
                .locations(ProcrastinateSchemaInitializer.FLYWAY_LOCATION).table(table)
                .baselineOnMigrate(true).baselineVersion(baselineVersion)
                .baselineDescription("<< procrastinate baseline >>").load();
    }
}
