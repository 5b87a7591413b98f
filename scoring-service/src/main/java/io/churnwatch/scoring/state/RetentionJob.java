package io.churnwatch.scoring.state;

import io.churnwatch.scoring.clock.ScoringClock;
import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.persistence.ConsumerProgressRepository;
import io.churnwatch.scoring.persistence.OutboxRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Forgets processed message ids past the dedupe retention and outbox rows sent long enough ago. */
@ApplicationScoped
public class RetentionJob {

    private final ConsumerProgressRepository progress;
    private final OutboxRepository outbox;
    private final ScoringConfig config;
    private final ScoringClock clock;

    public RetentionJob(
            ConsumerProgressRepository progress, OutboxRepository outbox, ScoringConfig config, ScoringClock clock) {
        this.progress = progress;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(
            every = "${churnwatch.scoring.purge-every:10m}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return Panache.withTransaction(() -> progress.purgeOlderThan(config.dedupeRetention())
                        .chain(() -> outbox.purgeSentBefore(
                                clock.wallNow().minus(config.outbox().retention()))))
                .replaceWithVoid();
    }
}
