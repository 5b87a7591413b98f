package io.churnwatch.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.churnwatch.common.problem.ProblemException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedAuthenticationsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final FailedAuthentications failures = new FailedAuthentications(3, Duration.ofMinutes(1), nanos::get);

    @Test
    void anAddressIsRefusedAfterTheLimitUntilItsWindowEnds() {
        failures.failed("10.0.0.1");
        advance(Duration.ofSeconds(20));
        failures.failed("10.0.0.1");
        assertThat(failures.blockedFor("10.0.0.1")).isEmpty();
        failures.failed("10.0.0.1");

        assertThat(failures.blockedFor("10.0.0.1")).contains(Duration.ofSeconds(40));
        assertThatThrownBy(() -> failures.requireAllowed("10.0.0.1"))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.problem().status()).isEqualTo(429);
                    assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(40));
                });
        assertThat(failures.blockedFor("10.0.0.2")).isEmpty();

        advance(Duration.ofSeconds(40));
        assertThat(failures.blockedFor("10.0.0.1")).isEmpty();
        failures.failed("10.0.0.1");
        assertThat(failures.blockedFor("10.0.0.1"))
                .as("a new window starts with one failure")
                .isEmpty();
    }

    @Test
    void failuresSpreadOverWindowsNeverAddUp() {
        for (int i = 0; i < 10; i++) {
            failures.failed("10.0.0.1");
            failures.failed("10.0.0.1");
            advance(Duration.ofMinutes(1));
        }
        assertThat(failures.blockedFor("10.0.0.1")).isEmpty();
    }

    @Test
    void zeroTurnsTheThrottleOff() {
        FailedAuthentications off = new FailedAuthentications(0, Duration.ofMinutes(1), nanos::get);
        for (int i = 0; i < 100; i++) {
            off.failed("10.0.0.1");
        }
        assertThat(off.blockedFor("10.0.0.1")).isEmpty();
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
