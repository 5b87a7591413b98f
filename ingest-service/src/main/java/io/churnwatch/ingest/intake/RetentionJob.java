package io.churnwatch.ingest.intake;

import io.churnwatch.ingest.config.IngestConfig;
import io.churnwatch.ingest.persistence.IdempotencyKeyRepository;
import io.churnwatch.ingest.persistence.ReceivedMessageRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Forgets message ids and idempotency keys past the dedupe retention, in small batches. */
@ApplicationScoped
public class RetentionJob {

    private static final int BATCH = 10_000;

    private final ReceivedMessageRepository receivedMessages;
    private final IdempotencyKeyRepository idempotencyKeys;
    private final IngestConfig config;

    public RetentionJob(
            ReceivedMessageRepository receivedMessages, IdempotencyKeyRepository idempotencyKeys, IngestConfig config) {
        this.receivedMessages = receivedMessages;
        this.idempotencyKeys = idempotencyKeys;
        this.config = config;
    }

    @Scheduled(
            every = "${churnwatch.ingest.retention-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return purgeMessages()
                .chain(() -> idempotencyKeys.purgeOlderThan(config.dedupeRetention()))
                .replaceWithVoid();
    }

    private Uni<Void> purgeMessages() {
        return receivedMessages
                .purgeOlderThan(config.dedupeRetention(), BATCH)
                .chain(deleted ->
                        deleted == BATCH ? purgeMessages() : Uni.createFrom().voidItem());
    }
}
