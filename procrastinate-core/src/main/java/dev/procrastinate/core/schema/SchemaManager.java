package dev.procrastinate.core.schema;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.SchemaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Installs and inspects the procrastinate schema (version {@value #SCHEMA_VERSION}), the same objects Python
 * procrastinate creates, so both can share the database.
 */
public final class SchemaManager {

    public static final String SCHEMA_VERSION = "3.9";
    /** Class-path location of the schema script. */
    public static final String SCHEMA_RESOURCE = "/dev/procrastinate/core/schema/schema.sql";

    private final Connector connector;

    public SchemaManager(Connector connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /** The SQL script that creates every procrastinate object. */
    public static String schemaSql() {
        try (InputStream in = SchemaManager.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new SchemaException("schema resource " + SCHEMA_RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the database has the procrastinate jobs table. */
    public boolean isApplied() {
        return connector.query("SELECT to_regclass('procrastinate_jobs') IS NOT NULL AS present").get(0)
                .getBoolean("present");
    }

    /**
     * Creates the schema in one transaction. Fails with a {@link SchemaException} when it is already there,
     * leaving the database untouched.
     */
    public void apply() {
        if (isApplied()) {
            throw new SchemaException("the procrastinate schema is already applied in this database "
                    + "(table procrastinate_jobs exists); nothing was changed. To skip an applied schema: "
                    + "applyIfMissing() in Java, procrastinate schema --apply --if-missing on the command line.");
        }
        try {
            connector.executeScript(schemaSql());
        } catch (ProcrastinateException e) {
            if (!e.isTransient() && isApplied()) {
                throw new SchemaException("the procrastinate schema was applied concurrently by someone else", e);
            }
            throw e;
        }
    }

    /** Applies the schema unless it is already there; returns whether it applied it. */
    public boolean applyIfMissing() {
        if (isApplied()) {
            return false;
        }
        apply();
        return true;
    }

    /** Throws a {@link SchemaException} saying how to install the schema when it is missing. */
    public void check() {
        if (!isApplied()) {
            throw new SchemaException("the procrastinate schema is not applied in this database: run "
                    + "SchemaManager.apply(), `procrastinate schema --apply`, or your Flyway migrations");
        }
    }
}
