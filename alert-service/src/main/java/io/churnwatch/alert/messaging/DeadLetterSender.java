package io.churnwatch.alert.messaging;

import io.churnwatch.common.messaging.OutboxProducer;
import io.churnwatch.common.retry.TransientFailures;
import io.churnwatch.events.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends set-aside risk changes to {@code churnwatch.risk-changes.dlq} as they were consumed (same key and value),
 * with the reason and where they came from in the {@code churnwatch-dlq-reason} header, acks=all. Completes only
 * when Kafka acknowledged every one (those it did not are sent again, for as long as the broker is away), so the
 * batch is acknowledged after its dead letters are safe. A crash in between sends them again with the redelivery.
 */
@ApplicationScoped
public class DeadLetterSender {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final OutboxProducer producer;

    public DeadLetterSender(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new OutboxProducer(bootstrapServers, "alert-risk-change-dlq");
    }

    Uni<Void> send(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<DeadLetter> unsent = new ArrayList<>(letters);
        Uni<Void> attempt = Uni.createFrom()
                .completionStage(() -> producer.send(List.copyOf(unsent), DeadLetterSender::record, SEND_TIMEOUT))
                .chain(acknowledged -> {
                    unsent.removeAll(acknowledged);
                    return unsent.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom()
                                    .failure(new TimeoutException(
                                            unsent.size() + " dead letters not acknowledged by Kafka"));
                });
        return TransientFailures.retrying(attempt, 0);
    }

    private static ProducerRecord<String, byte[]> record(DeadLetter letter) {
        var from = letter.record();
        ProducerRecord<String, byte[]> record =
                OutboxProducer.record(Topics.RISK_CHANGES_DLQ, from.key(), from.value(), null);
        String why = letter.reason() == null
                ? "unknown"
                : letter.reason().length() > 900 ? letter.reason().substring(0, 900) : letter.reason();
        String reason = "%s (from %s-%d@%d)".formatted(why, from.topic(), from.partition(), from.offset());
        record.headers().add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
