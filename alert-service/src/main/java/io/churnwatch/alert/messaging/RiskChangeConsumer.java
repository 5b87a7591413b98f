package io.churnwatch.alert.messaging;

import io.churnwatch.alert.service.AlertMetrics;
import io.churnwatch.alert.service.EpisodeService;
import io.churnwatch.common.retry.TransientFailures;
import io.churnwatch.events.RiskChange;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code churnwatch.risk-changes.v1} (group {@code alert-service}) and applies each change in
 * one transaction. Transient database errors (an outage) are retried until they pass; a change that
 * fails for any other reason goes to {@code churnwatch.risk-changes.dlq} (see application.properties).
 */
@ApplicationScoped
public class RiskChangeConsumer {

    /** The incoming channel; its Kafka settings are under {@code mp.messaging.incoming.risk-changes}. */
    public static final String CHANNEL = "risk-changes";

    private static final Logger LOG = Logger.getLogger(RiskChangeConsumer.class);

    private final EpisodeService episodes;
    private final AlertMetrics metrics;

    public RiskChangeConsumer(EpisodeService episodes, AlertMetrics metrics) {
        this.episodes = episodes;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(RiskChange change) {
        if (change == null || change.changeId() == null || change.tenant() == null || change.customerId() == null || change.newLevel() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("A risk change needs changeId, tenant, customerId and newLevel"));
        }
        // Outages are waited out: a good change must never reach the dead-letter topic because PostgreSQL was briefly away.
        return TransientFailures.retrying(Uni.createFrom().deferred(() -> episodes.apply(change)), 0)
                .invoke(outcome -> {
                    LOG.debugf("risk change %s for tenant %s: %s", change.changeId(), change.tenant(), outcome);
                    if (outcome == EpisodeService.Outcome.OPENED || outcome == EpisodeService.Outcome.REOPENED) {
                        metrics.opened(change.tenant(), change.newLevel().name());
                    }
                })
                .replaceWithVoid();
    }
}
