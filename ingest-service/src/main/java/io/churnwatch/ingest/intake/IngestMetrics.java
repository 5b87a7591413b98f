package io.churnwatch.ingest.intake;

import io.churnwatch.events.EventType;
import io.churnwatch.ingest.validation.Candidate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                .description("Events Kafka did not acknowledge in time")
                .register(registry);
        this.kafkaAck = Timer.builder("churnwatch.ingest.kafka.ack")
                .description(
                        "Time from handing a request's events to the producer until Kafka acknowledged all of them")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Counts one request's events: one counter update per distinct type and outcome, not per event. */
    public void count(String tenant, List<Candidate> candidates, List<EventResult> results) {
        Map<String, int[]> counts = new HashMap<>();
        for (Candidate candidate : candidates) {
            String typeLabel = typeLabel(candidate);
            int[] byOutcome = counts.computeIfAbsent(typeLabel, label -> new int[EventResult.Status.values().length]);
            byOutcome[results.get(candidate.index()).status().ordinal()]++;
        }
        counts.forEach((typeLabel, byOutcome) -> {
            for (EventResult.Status outcome : EventResult.Status.values()) {
                if (byOutcome[outcome.ordinal()] > 0) {
                    counter(tenant, typeLabel, outcome).increment(byOutcome[outcome.ordinal()]);
                }
            }
        });
    }

    private static String typeLabel(Candidate candidate) {
        if (!candidate.isValid()) {
            return "unknown";
        }
        return EventType.fromWireName(candidate.event().type())
                .map(EventType::wireName)
                .orElse("custom");
    }

    private Counter counter(String tenant, String typeLabel, EventResult.Status outcome) {
        String outcomeLabel = outcome.name().toLowerCase(Locale.ROOT);
        return eventCounters.computeIfAbsent(
                tenant + '\0' + typeLabel + '\0' + outcomeLabel,
                key -> Counter.builder("churnwatch.ingest.events")
                        .description("Events received, by tenant, type and outcome")
                        .tag("tenant", tenant)
                        .tag("type", typeLabel)
                        .tag("outcome", outcomeLabel)
                        .register(registry));
    }

    public void producerErrors(int count) {
        producerErrors.increment(count);
    }

    public void kafkaAck(Duration elapsed) {
        kafkaAck.record(elapsed);
    }
}
