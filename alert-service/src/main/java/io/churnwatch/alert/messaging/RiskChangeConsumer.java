package io.churnwatch.alert.messaging;

import io.churnwatch.alert.service.AlertMetrics;
import io.churnwatch.alert.service.EpisodeService;
import io.churnwatch.events.RiskChange;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code churnwatch.risk-changes.v1} (group {@code alert-service}) and applies each change in
 * one transaction. Transient database errors are retried with backoff; a change that still fails goes
 * to {@code churnwatch.risk-changes.dlq} (see application.properties).
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
        return episodes.apply(change)
                .onFailure(RiskChangeConsumer::isTransient).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .invoke(outcome -> {
                    LOG.debugf("risk change %s for tenant %s: %s", change.changeId(), change.tenant(), outcome);
                    if (outcome == EpisodeService.Outcome.OPENED || outcome == EpisodeService.Outcome.REOPENED) {
                        metrics.opened(change.tenant(), change.newLevel().name());
                    }
                })
                .replaceWithVoid();
    }

    /** Connection trouble and timeouts are worth retrying; constraint and data errors are not. */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.ConnectException || t instanceof java.io.IOException) {
                return true;
            }
            if (t instanceof VertxException && String.valueOf(t.getMessage()).toLowerCase().contains("connection")) {
                return true;
            }
        }
        return false;
    }
}
