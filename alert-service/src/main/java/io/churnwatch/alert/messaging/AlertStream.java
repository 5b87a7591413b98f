package io.churnwatch.alert.messaging;

import io.churnwatch.events.AlertEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the inbox's live streams from {@code churnwatch.alerts.v1}. Every instance reads the whole topic
 * in a consumer group of its own (from the end, see application.properties), so a browser connected to
 * any instance sees every change, whichever instance made it. The stream is a hint to refresh: a page
 * that misses an event (disconnected, slow) reloads the list when it reconnects.
 */
@ApplicationScoped
public class AlertStream {

    /** The incoming channel; its Kafka settings are under {@code mp.messaging.incoming.alert-stream}. */
    public static final String CHANNEL = "alert-stream";

    private final BroadcastProcessor<AlertEvent> processor = BroadcastProcessor.create();

    @Incoming(CHANNEL)
    public void onEvent(AlertEvent event) {
        if (event != null && event.tenant() != null) {
            processor.onNext(event);
        }
    }

    /** The tenant's events from now on; a subscriber that cannot keep up loses events rather than holding up the others. */
    public Multi<AlertEvent> of(String tenant) {
        return processor
                .filter(event -> tenant.equals(event.tenant()))
                .onOverflow()
                .drop();
    }
}
