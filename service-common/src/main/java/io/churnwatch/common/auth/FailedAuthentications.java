package io.churnwatch.common.auth;

import io.churnwatch.common.problem.Problem;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed authentications per client address in fixed windows: an address that failed
 * {@code churnwatch.auth.throttle.max-failures} times is refused, even with a good key, until its
 * window ends. Behind a proxy the address is the forwarded one only with
 * {@code quarkus.http.proxy.proxy-address-forwarding=true}.
 */
@ApplicationScoped
public class FailedAuthentications {

    /** Bounds the memory an attacker with many addresses can make us hold. */
    static final int MAX_ADDRESSES = 100_000;

    private record Window(long startNanos, int failures) {}

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoTime;

    @Inject
    public FailedAuthentications(AuthThrottleConfig config) {
        this(config.maxFailures(), config.window(), System::nanoTime);
    }

    FailedAuthentications(int maxFailures, Duration window, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The address of the client that sent the request. */
    public static String addressOf(HttpServerRequest request) {
        SocketAddress address = request.remoteAddress();
        return address == null || address.hostAddress() == null ? "unknown" : address.hostAddress();
    }

    /** How long the address must wait before it may authenticate again; empty when it may now. */
    public Optional<Duration> blockedFor(String address) {
        Window window = maxFailures <= 0 ? null : windows.get(address);
        if (window == null || window.failures() < maxFailures) {
            return Optional.empty();
        }
        long left = window.startNanos() + windowNanos - nanoTime.getAsLong();
        if (left <= 0) {
            windows.remove(address, window);
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(left));
    }

    /** Fails with a 429 problem (Retry-After set) while the address is refused. */
    public void requireAllowed(String address) {
        Optional<Duration> wait = blockedFor(address);
        if (wait.isPresent()) {
            throw new ProblemException(throttled(), wait.get());
        }
    }

    static Problem throttled() {
        return Problem.of(
                ProblemType.AUTHENTICATION_THROTTLED,
                "Too many failed authentications from this address; retry after the Retry-After seconds");
    }

    public void failed(String address) {
        if (maxFailures <= 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (windows.size() >= MAX_ADDRESSES && !windows.containsKey(address)) {
            windows.values().removeIf(window -> now - window.startNanos() >= windowNanos);
            if (windows.size() >= MAX_ADDRESSES) {
                windows.clear();
            }
        }
        windows.compute(
                address,
                (key, window) -> window == null || now - window.startNanos() >= windowNanos
                        ? new Window(now, 1)
                        : new Window(window.startNanos(), window.failures() + 1));
    }
}
