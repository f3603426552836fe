package dev.procrastinate.core.worker;

import dev.procrastinate.api.ProcrastinateException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Writes that must not be lost (the ends of jobs), tried again through database outages: a transient failure is
 * retried until the write succeeds or the worker is forced to stop (then empty: the job stays {@code doing} and is
 * run again once this worker is gone); any other failure (a connector's own exception included) is retried a few
 * times, then thrown to the caller.
 */
record Persistence(OutageLog outage, BackoffWait backoff, BooleanSupplier forcedStop) {

    private static final int NON_TRANSIENT_TRIES = 3;

    <T> Optional<T> write(Supplier<T> write) {
        int failures = 0;
        int nonTransient = 0;
        while (true) {
            try {
                T result = write.get();
                outage.succeeded();
                return Optional.of(result);
            } catch (RuntimeException e) {
                outage.failed(e);
                boolean transientFailure = e instanceof ProcrastinateException p && p.isTransient();
                if (!transientFailure && ++nonTransient >= NON_TRANSIENT_TRIES) {
                    throw e;
                }
                if (forcedStop.getAsBoolean() || !backoff.await(++failures)) {
                    return Optional.empty();
                }
            }
        }
    }
}
