package io.churnwatch.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    @Test
    void anOutageIsRetriedUntilItPasses() {
        AtomicInteger calls = new AtomicInteger();
        Uni<String> work = Uni.createFrom()
                .deferred(() -> calls.incrementAndGet() <= 12
                        ? Uni.createFrom()
                                .failure(new IllegalStateException("db", new ConnectException("Connection refused")))
                        : Uni.createFrom().item("done"));
        assertThat(TransientFailures.retrying(work, 0, Duration.ofMillis(1))
                        .await()
                        .atMost(Duration.ofSeconds(30)))
                .isEqualTo("done");
        assertThat(calls).hasValue(13);
    }

    @Test
    void otherFailuresAreRetriedOnlyTheGivenNumberOfTimes() {
        AtomicInteger calls = new AtomicInteger();
        Uni<String> work = Uni.createFrom().deferred(() -> {
            calls.incrementAndGet();
            return Uni.createFrom()
                    .failure(new IllegalArgumentException("duplicate key value violates unique constraint"));
        });
        assertThatThrownBy(() -> TransientFailures.retrying(work, 2, Duration.ofMillis(1))
                        .await()
                        .atMost(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).hasValue(3);
        calls.set(0);
        assertThatThrownBy(() -> TransientFailures.retrying(work, 0, Duration.ofMillis(1))
                        .await()
                        .atMost(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aPermanentFailureIsNeverRetried() {
        AtomicInteger calls = new AtomicInteger();
        Uni<String> work = Uni.createFrom().deferred(() -> {
            calls.incrementAndGet();
            return Uni.createFrom()
                    .failure(new RuntimeException(
                            "timeout in batch",
                            new io.vertx.pgclient.PgException("numeric field overflow", "ERROR", "22003", null)));
        });
        assertThatThrownBy(() -> TransientFailures.retrying(work, 5, Duration.ofMillis(1))
                        .await()
                        .atMost(Duration.ofSeconds(10)))
                .hasMessageContaining("timeout in batch");
        assertThat(calls).hasValue(1);
    }

    @Test
    void timeoutsAndClosedConnectionsAreTransientButDataErrorsAreNot() {
        assertThat(TransientFailures.isTransient(new java.util.concurrent.TimeoutException()))
                .isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException("Connection reset by peer")))
                .isTrue();
        assertThat(TransientFailures.isTransient(
                        new RuntimeException("wrapper", new java.io.IOException("broken pipe"))))
                .isTrue();
        assertThat(TransientFailures.isTransient(
                        new IllegalArgumentException("value too long for type character varying(256)")))
                .isFalse();
    }
}
