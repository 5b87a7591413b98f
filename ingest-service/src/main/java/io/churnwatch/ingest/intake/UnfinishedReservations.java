package io.churnwatch.ingest.intake;

import io.churnwatch.ingest.persistence.ReceivedMessageRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Requests of this instance that could not end their reservation because PostgreSQL failed: the reserving
 * statement's answer was lost (it may have committed anyway), or the closing statement after Kafka's answer
 * failed. They are ended as soon as the database answers again, so a client's retry of those ids is taken at
 * once (or answered duplicate) instead of waiting out {@code churnwatch.ingest.reservation-timeout}. Ending one
 * releases exactly the ids no event was written for: all of them when nothing reached Kafka.
 *
 * <p>Kept in memory: after a crash the reservation timeout remains the way out, as before. The queue is
 * bounded; what does not fit falls back to the timeout too.
 */
@ApplicationScoped
public class UnfinishedReservations {

    static final int MAX_QUEUED = 10_000;
    private static final int PER_PASS = 1_000;
    private static final Logger LOG = Logger.getLogger(UnfinishedReservations.class);

    /** A request's reservation to end: release {@code notWritten}, clear the pending mark. */
    record Unfinished(String tenant, UUID batchId, List<String> notWritten) {}

    private final ReceivedMessageRepository receivedMessages;
    private final ConcurrentLinkedQueue<Unfinished> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    public UnfinishedReservations(ReceivedMessageRepository receivedMessages) {
        this.receivedMessages = receivedMessages;
    }

    /** Remembers a request whose reservation is to be ended once PostgreSQL answers. */
    public void add(String tenant, UUID batchId, Collection<String> notWritten) {
        if (size.incrementAndGet() > MAX_QUEUED) {
            size.decrementAndGet();
            LOG.warnf(
                    "Too many unfinished reservations queued; batch %s of tenant %s waits for the reservation timeout",
                    batchId, tenant);
            return;
        }
        queue.add(new Unfinished(tenant, batchId, List.copyOf(notWritten)));
    }

    /** How many requests are waiting to be ended. */
    public int queued() {
        return size.get();
    }

    /** Ends the queued reservations in order; stops at the first failure (the database is still away) and tries again next time. */
    @Scheduled(
            every = "${churnwatch.ingest.unfinished-retry-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> endQueued() {
        List<Unfinished> pass = queue.stream().limit(PER_PASS).toList();
        if (pass.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(pass)
                .onItem()
                .transformToUniAndConcatenate(next -> receivedMessages
                        .finish(next.tenant(), next.batchId(), next.notWritten())
                        .invoke(() -> {
                            queue.remove(next);
                            size.decrementAndGet();
                        }))
                .collect()
                .last()
                .replaceWithVoid()
                .onFailure()
                .recoverWithUni(error -> {
                    LOG.debugf("Unfinished reservations stay queued (%d): %s", size.get(), error.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
