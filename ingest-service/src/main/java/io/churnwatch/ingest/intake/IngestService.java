package io.churnwatch.ingest.intake;

import io.churnwatch.ingest.config.IngestConfig;
import io.churnwatch.ingest.persistence.ReceivedMessageRepository;
import io.churnwatch.ingest.persistence.ReceivedMessageRepository.Seen;
import io.churnwatch.ingest.validation.Candidate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Takes validated events to Kafka exactly once per (tenant, messageId): reserve the ids in
 * PostgreSQL under the request's pending mark, write the events with acks=all, then release the ids
 * Kafka did not take (so a retry can write them) and clear the mark, which makes the others written. An event is reported accepted only after Kafka acknowledged it.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final ReceivedMessageRepository receivedMessages;
    private final EventSink publisher;
    private final RateLimiter rateLimiter;
    private final IngestMetrics metrics;
    private final UnfinishedReservations unfinished;
    private final Duration reservationTimeout;

    public IngestService(
            ReceivedMessageRepository receivedMessages,
            EventSink publisher,
            RateLimiter rateLimiter,
            IngestMetrics metrics,
            IngestConfig config,
            UnfinishedReservations unfinished) {
        this.receivedMessages = receivedMessages;
        this.unfinished = unfinished;
        this.publisher = publisher;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.reservationTimeout = config.reservationTimeout();
    }

    public Uni<IngestReport> ingest(String tenant, List<Candidate> candidates) {
        EventResult[] results = new EventResult[candidates.size()];
        List<Candidate> fresh = new ArrayList<>();
        Map<String, Candidate> dedupable = new HashMap<>();
        for (Candidate candidate : candidates) {
            if (!candidate.isValid()) {
                results[candidate.index()] =
                        EventResult.rejected(candidate.index(), candidate.messageId(), candidate.errors());
            } else if (!candidate.dedupable()) {
                fresh.add(candidate);
            } else if (dedupable.putIfAbsent(candidate.messageId(), candidate) != null) {
                results[candidate.index()] = EventResult.duplicate(candidate.index(), candidate.messageId());
            }
        }
        rateLimiter.acquire(tenant, fresh.size() + dedupable.size());
        UUID batchId = dedupable.isEmpty() ? null : UUID.randomUUID();
        return reserve(tenant, batchId, dedupable.keySet()).chain(reservation -> {
            List<Candidate> toWrite = new ArrayList<>(fresh);
            boolean outage = reservation == null;
            for (Candidate candidate : dedupable.values()) {
                Seen seen = outage ? null : reservation.get(candidate.messageId());
                if (outage) {
                    results[candidate.index()] =
                            EventResult.notAccepted(candidate.index(), candidate.messageId(), "database unavailable");
                } else if (seen == null) {
                    toWrite.add(candidate);
                } else if (seen == Seen.WRITTEN) {
                    results[candidate.index()] = EventResult.duplicate(candidate.index(), candidate.messageId());
                } else {
                    results[candidate.index()] = EventResult.notAccepted(
                            candidate.index(),
                            candidate.messageId(),
                            "an event with this messageId is being written by another request; retry");
                }
            }
            if (outage) {
                fresh.forEach(c ->
                        results[c.index()] = EventResult.notAccepted(c.index(), c.messageId(), "database unavailable"));
                return Uni.createFrom().item(report(tenant, candidates, results, true));
            }
            return write(tenant, batchId, toWrite, results)
                    .map(kafkaFailed -> report(tenant, candidates, results, kafkaFailed));
        });
    }

    /** Reserves new ids; the answer maps ids that could not be reserved to what is known of them, or is null if the database failed. */
    private Uni<Map<String, Seen>> reserve(String tenant, UUID batchId, Set<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return receivedMessages
                .reserve(tenant, batchId, messageIds)
                .chain(known -> receivedMessages.claimKnown(tenant, batchId, known, reservationTimeout))
                .onFailure()
                .recoverWithItem(error -> {
                    LOG.warnf("Could not reserve message ids for tenant %s: %s", tenant, error.getMessage());
                    // The reservation may have committed with its answer lost; nothing is written, so all ids go back.
                    unfinished.add(tenant, batchId, messageIds);
                    return null;
                });
    }

    /** Writes the events; answers whether Kafka failed for any of them. */
    private Uni<Boolean> write(String tenant, UUID batchId, List<Candidate> toWrite, EventResult[] results) {
        long started = System.nanoTime();
        List<EventSink.Outgoing> outgoing = toWrite.stream()
                .map(c -> new EventSink.Outgoing(c.event(), c.json()))
                .toList();
        return publisher.publish(outgoing).chain(acks -> {
            metrics.kafkaAck(Duration.ofNanos(System.nanoTime() - started));
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < toWrite.size(); i++) {
                Candidate candidate = toWrite.get(i);
                boolean acked = acks.get(i);
                results[candidate.index()] = acked
                        ? EventResult.accepted(
                                candidate.index(), candidate.event().messageId())
                        : EventResult.notAccepted(
                                candidate.index(),
                                candidate.messageId(),
                                "Kafka did not acknowledge the event in time");
                if (candidate.dedupable() && !acked) {
                    failed.add(candidate.messageId());
                }
            }
            int failures = (int) acks.stream().filter(acked -> !acked).count();
            if (failures > 0) {
                metrics.producerErrors(failures);
            }
            Uni<Void> finished =
                    batchId == null ? Uni.createFrom().voidItem() : receivedMessages.finish(tenant, batchId, failed);
            return finished.onFailure()
                    .invoke(error -> {
                        LOG.warnf("Could not record written message ids for tenant %s: %s", tenant, error.getMessage());
                        unfinished.add(tenant, batchId, failed);
                    })
                    .onFailure()
                    .recoverWithNull()
                    .replaceWith(failures > 0);
        });
    }

    private IngestReport report(String tenant, List<Candidate> candidates, EventResult[] results, boolean outage) {
        List<EventResult> ordered = Arrays.asList(results);
        metrics.count(tenant, candidates, ordered);
        return new IngestReport(ordered, outage);
    }
}
