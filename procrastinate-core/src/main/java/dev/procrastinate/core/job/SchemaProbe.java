package dev.procrastinate.core.job;

import java.util.function.BooleanSupplier;

/**
 * Whether an optional part of procrastinate-java's schema (a step after upstream's 3.9 schema) is in the database:
 * asked once, asked again a minute after it was found missing (or found gone by a statement), so that installing it
 * while workers run takes effect without a restart; warns once when it is missing.
 */
final class SchemaProbe {

    private static final long RECHECK_MISSING_NANOS = 60_000_000_000L;

    private final BooleanSupplier ask;
    private final Runnable warning;
    private volatile Boolean known;
    private volatile long checkedAt;
    private volatile boolean warned;

    /** {@code ask} asks the database; {@code warning} (null: none) runs once, when the part is first found missing. */
    SchemaProbe(BooleanSupplier ask, Runnable warning) {
        this.ask = ask;
        this.warning = warning;
    }

    boolean present() {
        Boolean answer = known;
        if (answer != null && (answer || System.nanoTime() - checkedAt < RECHECK_MISSING_NANOS)) {
            return answer;
        }
        boolean present = ask.getAsBoolean();
        checkedAt = System.nanoTime();
        known = present;
        if (!present && warning != null && !warned) {
            warned = true;
            warning.run();
        }
        return present;
    }

    /** A statement found the part gone (dropped while this process ran): missing until the next check. */
    void gone() {
        checkedAt = System.nanoTime();
        known = false;
    }
}
