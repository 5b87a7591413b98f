package io.churnwatch.scoring.messaging;

import io.churnwatch.scoring.service.BatchScoring;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code churnwatch.events.v1} in batches (values as raw bytes, decoded defensively per record)
 * and hands each batch to {@link BatchScoring}. Kafka offsets are acknowledged after the batch's
 * transaction committed; the database's stored offsets are what decide redelivery.
 */
@ApplicationScoped
public class EventConsumer {

    /** The incoming channel, configured under {@code mp.messaging.incoming.scoring-events}. */
    public static final String CHANNEL = "scoring-events";

    private final BatchScoring scoring;

    public EventConsumer(BatchScoring scoring) {
        this.scoring = scoring;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        return scoring.process(list).replaceWithVoid();
    }
}
