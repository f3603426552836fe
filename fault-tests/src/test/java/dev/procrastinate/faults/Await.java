package dev.procrastinate.faults;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes; the caller decides what a missed deadline means. */
final class Await {

    private static final Duration POLL = Duration.ofMillis(100);

    private Await() {
    }

    /** Whether {@code condition} held before {@code deadline}; errors from the condition count as "not yet". */
    static boolean until(Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                // The database may be down or refusing on purpose; ask again.
            }
            if (System.nanoTime() >= end) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
