package dev.procrastinate.core.schema;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.SchemaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Installs and inspects the procrastinate schema (version {@value #SCHEMA_VERSION}), the same objects Python
 * procrastinate creates, so both can share the database, and procrastinate-java's own additive steps beside it
 * (tables prefixed {@value #EXTENSION_PREFIX}, recorded in {@code procrastinate4j_schema_steps}), which a database
 * created by Python gains with {@link #applyExtensions()} without being re-created.
 */
public final class SchemaManager {

    public static final String SCHEMA_VERSION = "3.9";
    /** Class-path location of the schema script. */
    public static final String SCHEMA_RESOURCE = "/dev/procrastinate/core/schema/schema.sql";

    /** The prefix of every object of procrastinate-java's own; upstream never uses it. */
    public static final String EXTENSION_PREFIX = "procrastinate4j_";

    private static final String EXTENSIONS = "/dev/procrastinate/core/schema/procrastinate4j/";

    /** One additive step: its version, and its script under {@code procrastinate4j/V<version>__<name>.sql}. */
    public record ExtensionStep(int version, String name) {

        /** The step's SQL. */
        public String sql() {
            return resource(EXTENSIONS + "V" + version + "__" + name + ".sql");
        }
    }

    /** Every additive step, in order. */
    public static final List<ExtensionStep> EXTENSION_STEPS = List.of(
            new ExtensionStep(1, "recoveries_and_failures"),
            new ExtensionStep(2, "upstream_trigger_definitions"),
            new ExtensionStep(3, "queue_controls"),
            new ExtensionStep(4, "claim_indexes"),
            new ExtensionStep(5, "leaner_limited_claim"),
            new ExtensionStep(6, "keyed_claim_without_rescans"));

    private final Connector connector;

    public SchemaManager(Connector connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /** The SQL script that creates every procrastinate object. */
    public static String schemaSql() {
        return resource(SCHEMA_RESOURCE);
    }

    /** The script that removes procrastinate-java's own objects, leaving upstream's untouched. */
    public static String extensionsDropSql() {
        return resource(EXTENSIONS + "drop.sql");
    }

    /**
     * The script of one additive step as the schema tools run it: serialised against concurrent runs, idempotent,
     * and recorded in {@code procrastinate4j_schema_steps}.
     */
    public static String extensionStepScript(ExtensionStep step) {
        return """
                SELECT pg_advisory_xact_lock(hashtext('procrastinate4j_schema_steps'));
                CREATE TABLE IF NOT EXISTS procrastinate4j_schema_steps (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamp with time zone NOT NULL DEFAULT now()
                );
                %s
                INSERT INTO procrastinate4j_schema_steps (version, name) VALUES (%d, '%s') ON CONFLICT DO NOTHING;
                """.formatted(step.sql(), step.version(), step.name());
    }

    private static String resource(String path) {
        try (InputStream in = SchemaManager.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new SchemaException("schema resource " + path + " is missing from the class path");
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
     * Creates the schema in one transaction, then the additive steps. Fails with a {@link SchemaException} when it
     * is already there,
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
        applyExtensions();
    }

    /** The highest additive step applied in this database, 0 when none is. */
    public int extensionVersion() {
        boolean present = connector.query("SELECT to_regclass('procrastinate4j_schema_steps') IS NOT NULL AS present")
                .get(0).getBoolean("present");
        if (!present) {
            return 0;
        }
        Long version = connector.query("SELECT max(version)::bigint AS v FROM procrastinate4j_schema_steps").get(0)
                .getLong("v");
        return version == null ? 0 : version.intValue();
    }

    /** Whether every additive step of this version of procrastinate-java is applied. */
    public boolean extensionsApplied() {
        return extensionVersion() >= EXTENSION_STEPS.get(EXTENSION_STEPS.size() - 1).version();
    }

    /**
     * Applies the additive steps that are missing (the 3.9 schema must be there); returns how many it applied.
     * Safe to run concurrently and again.
     */
    public int applyExtensions() {
        check();
        int current = extensionVersion();
        int applied = 0;
        for (ExtensionStep step : EXTENSION_STEPS) {
            if (step.version() > current) {
                connector.executeScript(extensionStepScript(step));
                applied++;
            }
        }
        return applied;
    }

    /** Removes procrastinate-java's own objects (jobs and upstream's objects stay). */
    public void dropExtensions() {
        connector.executeScript(extensionsDropSql());
    }

    /**
     * Applies the schema unless it is already there, and the additive steps that are missing either way; returns
     * whether it applied the 3.9 schema.
     */
    public boolean applyIfMissing() {
        if (isApplied()) {
            applyExtensions();
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
