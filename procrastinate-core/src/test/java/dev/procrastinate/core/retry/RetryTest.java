package dev.procrastinate.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Job JOB = new Job(1, "default", "t", 0, null, null, "{}", JobStatus.DOING, null, 0, false,
            1L);

    @Test
    void delayIsWaitPlusLinearTimesAttemptsPlusExponentialToTheAttemptsPlusOne() {
        Retry retry = Retry.builder().wait(Duration.ofSeconds(1)).linearWait(Duration.ofSeconds(2))
                .exponentialWait(Duration.ofSeconds(3)).build();

        assertThat(retry.delay(0)).isEqualTo(Duration.ofSeconds(1 + 0 + 3));
        assertThat(retry.delay(2)).isEqualTo(Duration.ofSeconds(1 + 4 + 27));
    }

    @Test
    void retryFiveMeansSixRunsInAll() {
        Retry retry = Retry.times(5);

        assertThat(retry.decide(JOB, new RuntimeException(), 4, NOW)).isPresent();
        assertThat(retry.decide(JOB, new RuntimeException(), 5, NOW)).isEmpty();
    }

    @Test
    void onlyListedExceptionTypesAreRetried() {
        Retry retry = Retry.builder().retryException(IOException.class).build();

        assertThat(retry.decide(JOB, new IOException("net"), 0, NOW)).isPresent();
        assertThat(retry.decide(JOB, new IllegalStateException(), 0, NOW)).isEmpty();
    }

    @Test
    void decisionSchedulesTheRetryAfterTheDelay() {
        Retry retry = Retry.builder().wait(Duration.ofSeconds(10)).build();

        assertThat(retry.decide(JOB, new RuntimeException(), 0, NOW).orElseThrow().retryAt())
                .isEqualTo(NOW.plusSeconds(10));
    }

    @Test
    void negativeMaxAttemptsIsRefused() {
        assertThatThrownBy(() -> Retry.builder().maxAttempts(-1).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxAttempts");
    }
}
