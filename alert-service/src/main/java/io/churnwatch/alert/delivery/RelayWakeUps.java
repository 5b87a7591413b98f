package io.churnwatch.alert.delivery;

import io.vertx.mutiny.core.eventbus.EventBus;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Wakes this instance's relays once a transaction that queued deliveries or AlertEvents has committed, so
 * they go out at once instead of at the next poll. A hint, not a record: the rows are in the outbox, and the
 * polls still find whatever a wake-up missed (a crash, or rows written by another instance).
 */
@ApplicationScoped
public class RelayWakeUps {

    /** Event-bus address the delivery relay listens on. */
    public static final String DELIVERIES = "churnwatch.alert.deliveries-queued";
    /** Event-bus address the AlertEvent relay listens on. */
    public static final String EVENTS = "churnwatch.alert.events-queued";

    private final EventBus bus;

    public RelayWakeUps(EventBus bus) {
        this.bus = bus;
    }

    public void deliveriesQueued() {
        bus.send(DELIVERIES, "");
    }

    public void eventsQueued() {
        bus.send(EVENTS, "");
    }
}
