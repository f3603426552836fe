package dev.procrastinate.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a task to run its job again after {@code delay} without using up an attempt: the job goes back to
 * {@code todo}, scheduled {@code delay} from now, with its {@code attempts} unchanged, and its retry strategy is not
 * asked. A snooze is not a failure and records none. {@code throw new Snooze(Duration.ofMinutes(5));}
 */
public class Snooze extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration delay;

    /** @throws IllegalArgumentException when {@code delay} is null or negative */
    public Snooze(Duration delay) {
        super("snoozed for " + delay, null, false, false);
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("a snooze needs a delay of zero or more, got " + delay);
        }
        this.delay = delay;
    }

    /** How long from now the job runs again; never null, never negative. */
    public Duration delay() {
        return Objects.requireNonNull(delay);
    }
}
