package io.churnwatch.ingest.service;

import io.churnwatch.events.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Business metrics of ingest. Labels stay low-cardinality: tenant, a known type or "custom", and
 * the outcome; never a customer or message id.
 */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> eventCounters = new ConcurrentHashMap<>();
    private final Counter producerErrors;
    private final Timer kafkaAck;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.producerErrors = Counter.builder("churnwatch.ingest.producer.errors")
                .description("Events Kafka did not acknowledge in time").register(registry);
        this.kafkaAck = Timer.builder("churnwatch.ingest.kafka.ack")
                .description("Time from handing a request's events to the producer until Kafka acknowledged all of them")
                .publishPercentileHistogram().register(registry);
    }

    public void count(String tenant, String type, EventResult.Status outcome) {
        String typeLabel = type == null ? "unknown" : EventType.isKnown(type) ? type : "custom";
        String outcomeLabel = outcome.name().toLowerCase(Locale.ROOT);
        eventCounters.computeIfAbsent(tenant + '\0' + typeLabel + '\0' + outcomeLabel, key -> Counter.builder("churnwatch.ingest.events")
                .description("Events received, by tenant, type and outcome")
                .tag("tenant", tenant).tag("type", typeLabel).tag("outcome", outcomeLabel)
                .register(registry)).increment();
    }

    public void producerErrors(int count) {
        producerErrors.increment(count);
    }

    public void kafkaAck(Duration elapsed) {
        kafkaAck.record(elapsed);
    }
}
