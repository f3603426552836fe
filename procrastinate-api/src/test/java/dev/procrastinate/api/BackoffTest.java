package dev.procrastinate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void delayDoublesAfterEachFailureUpToTheMax() {
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.delay(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aCountBelowOneIsTakenAsOne() {
        assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(-3)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void nextAttemptIsReadOnTheGivenClock() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(backoff.nextAttempt(clock, 3)).isEqualTo(Instant.parse("2026-01-01T00:00:00.400Z"));
    }

    @Test
    void aBackoffThatCannotWaitIsRefusedWithWhatToFix() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("first pause").hasMessageContaining("positive");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("must not be shorter");
    }
}
