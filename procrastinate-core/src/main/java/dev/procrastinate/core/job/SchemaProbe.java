package dev.procrastinate.core.job;

import dev.procrastinate.api.Connector;
import org.slf4j.Logger;

/**
 * Whether an optional part of procrastinate-java's schema (a step after upstream's 3.9 schema) is in the database:
 * asked once, asked again a minute after it was found missing (or found gone by a statement), so that installing it
 * while workers run takes effect without a restart; says once, at WARN, what is lost without it.
 */
final class SchemaProbe {

    private static final long RECHECK_MISSING_NANOS = 60_000_000_000L;

    private final Connector connector;
    private final String presentSql;
    private final Logger log;
    private final String action;
    private final String whatIsLost;
    private volatile Boolean known;
    private volatile long checkedAt;
    private volatile boolean warned;

    /**
     * {@code presentSql} returns one row with a boolean column {@code present}; {@code whatIsLost} is logged once as
     * {@code action} when the part is missing, or never when null.
     */
    SchemaProbe(Connector connector, String presentSql, Logger log, String action, String whatIsLost) {
        this.connector = connector;
        this.presentSql = presentSql;
        this.log = log;
        this.action = action;
        this.whatIsLost = whatIsLost;
    }

    boolean present() {
        Boolean answer = known;
        if (answer != null && (answer || System.nanoTime() - checkedAt < RECHECK_MISSING_NANOS)) {
            return answer;
        }
        boolean present = connector.query(presentSql).get(0).getBoolean("present");
        checkedAt = System.nanoTime();
        known = present;
        if (!present && whatIsLost != null && !warned) {
            warned = true;
            log.atWarn().addKeyValue("action", action).log(whatIsLost);
        }
        return present;
    }

    /** A statement found the part gone (dropped while this process ran): missing until the next check. */
    void gone() {
        checkedAt = System.nanoTime();
        known = false;
    }
}
