package dev.procrastinate.faults;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Awaitility's wait, answering whether the condition held before the deadline instead of throwing: the suite decides
 * what a missed deadline means (a note, or a failed scenario with its counts). Errors from the condition count as
 * "not yet", since the database may be down or refusing on purpose.
 */
final class Await {

    private Await() {
    }

    static boolean until(Duration deadline, BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(deadline).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
