package io.churnwatch.ingest.intake;

import io.churnwatch.common.problem.Problem;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.ingest.config.IngestConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** Per-tenant token bucket counted in events (Bucket4j), kept per instance. */
@ApplicationScoped
public class RateLimiter {

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final IngestConfig.RateLimit limit;

    public RateLimiter(IngestConfig config) {
        this.limit = config.rateLimit();
    }

    /** Takes {@code events} tokens from the tenant's bucket, or fails with 429 and the time to wait. */
    public void acquire(String tenant, int events) {
        if (events == 0) {
            return;
        }
        ConsumptionProbe probe =
                buckets.computeIfAbsent(tenant, this::newBucket).tryConsumeAndReturnRemaining(events);
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            throw new ProblemException(
                    Problem.of(
                                    ProblemType.RATE_LIMITED,
                                    "Tenant is over its limit of " + limit.eventsPerSecond()
                                            + " events per second; nothing in this request was accepted")
                            .with("limitPerSecond", limit.eventsPerSecond()),
                    wait);
        }
    }

    private Bucket newBucket(String tenant) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(limit.eventsPerSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
    }
}
