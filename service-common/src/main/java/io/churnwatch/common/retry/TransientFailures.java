package io.churnwatch.common.retry;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Tells failures worth waiting out (the database or broker unreachable, timeouts) from those that are
 * not (constraint violations, bad data), and retries the former for as long as they last: a consumer
 * must ride out an outage, not dead-letter good records or stop.
 */
public final class TransientFailures {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.io.IOException) {
                return true;
            }
            String type = t.getClass().getName();
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (type.endsWith("ClosedConnectionException") || type.endsWith("ConnectException")
                    || message.contains("connection refused") || message.contains("connection closed")
                    || message.contains("connection reset") || message.contains("failed to connect")
                    || message.contains("timeout") || message.contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    /** Retries transient failures without limit (backoff up to 10 s) and other failures {@code otherAttempts} times. */
    public static <T> Uni<T> retrying(Uni<T> work, int otherAttempts) {
        return retrying(work, otherAttempts, FIRST_BACKOFF);
    }

    static <T> Uni<T> retrying(Uni<T> work, int otherAttempts, Duration firstBackoff) {
        Uni<T> outagesWaitedOut = work.onFailure(TransientFailures::isTransient).retry().withBackOff(firstBackoff, MAX_BACKOFF).indefinitely();
        return otherAttempts == 0 ? outagesWaitedOut
                : outagesWaitedOut.onFailure(failure -> !isTransient(failure)).retry().withBackOff(firstBackoff, MAX_BACKOFF).atMost(otherAttempts);
    }
}
