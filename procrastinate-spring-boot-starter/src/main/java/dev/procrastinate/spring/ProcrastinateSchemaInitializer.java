package dev.procrastinate.spring;

import dev.procrastinate.core.App;
import dev.procrastinate.core.schema.SchemaManager;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the procrastinate schema into the database at start-up, as {@code procrastinate.schema.apply} says: with
 * the starter's Flyway migrations (own history table; a schema that Python procrastinate or the CLI installed is
 * baselined at 3.9, not re-created), by applying it when missing, or not at all (a warning when it is missing).
 */
public final class ProcrastinateSchemaInitializer {

    /** Where the starter's Flyway migrations live, for applications that list them in their own Flyway. */
    public static final String FLYWAY_LOCATION = "classpath:dev/procrastinate/spring/flyway";

    private static final Logger LOG = LoggerFactory.getLogger(ProcrastinateSchemaInitializer.class);

    private final App app;
    private final DataSource dataSource;
    private final ProcrastinateProperties.SchemaApply mode;
    private final String flywayTable;

    ProcrastinateSchemaInitializer(App app, DataSource dataSource, ProcrastinateProperties.SchemaApply mode,
            String flywayTable) {
        this.app = app;
        this.dataSource = dataSource;
        this.mode = mode;
        this.flywayTable = flywayTable;
    }

    /** Runs once, when the bean is created: before any worker of the context starts. */
    void apply() {
        SchemaManager schema = app.schema();
        switch (mode) {
            case FLYWAY -> FlywaySchema.migrate(dataSource, app, flywayTable);
            case IF_MISSING -> {
                if (schema.applyIfMissing()) {
                    LOG.info("procrastinate schema {} applied", SchemaManager.SCHEMA_VERSION);
                }
            }
            case NONE -> {
                if (!schema.isApplied()) {
                    LOG.warn("the procrastinate schema is not in this database and procrastinate.schema.apply=none: "
                            + "install it with `procrastinate schema --apply`, Flyway location {}, or "
                            + "procrastinate.schema.apply=if-missing", FLYWAY_LOCATION);
                }
            }
            default -> throw new IllegalStateException(mode.toString());
        }
    }

    public ProcrastinateProperties.SchemaApply mode() {
        return mode;
    }
}
