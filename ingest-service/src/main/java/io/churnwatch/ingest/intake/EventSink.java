package io.churnwatch.ingest.intake;

import io.churnwatch.events.InteractionEvent;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** Where accepted events are written: the events topic, through messaging's producer (acks=all, idempotent). */
public interface EventSink {

    /** An event ready to write: the event and its JSON. */
    record Outgoing(InteractionEvent event, byte[] json) {}

    /**
     * Sends every event and completes when Kafka has answered for each: the list says, in order,
     * which were acknowledged. It never fails as a whole.
     */
    Uni<List<Boolean>> publish(List<Outgoing> events);
}
