package io.churnwatch.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.support.ContractEvents;
import io.churnwatch.scoring.support.ContractEvents.Generated;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A property over the real broker and database: 1,200 generated events with values across the whole range
 * {@link io.churnwatch.events.ContractLimits} allows, and a share of storage poison, are each either applied
 * (every in-range one) or dead-lettered (every poison), and scoring still scores an event sent after them.
 * jqwik only generates here ({@code sampleStream}): its own engine would not run the Quarkus test resource.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ContractRangePropertyTest {

    private static final int EVENTS = 1_200;
    /** A generous bound for a loaded host; the awaits end as soon as the outcome is there. */
    private static final Duration WAIT = Duration.ofSeconds(180);

    @Inject
    SmallRyeHealthReporter health;

    @Test
    void everyEventWithinTheContractIsAppliedAndEveryPoisonDeadLettered() {
        String first = TestTenants.create().id();
        String second = TestTenants.create().id();
        List<Generated> generated = ContractEvents.events(first, second)
                .sampleStream()
                .limit(EVENTS)
                .toList();
        Set<String> storable = ids(generated.stream().filter(Generated::storable));
        Set<String> poison = ids(generated.stream().filter(g -> !g.storable()));
        assertThat(storable).hasSizeGreaterThan(1_000);
        assertThat(poison).isNotEmpty();

        Events.sendAll(generated.stream().map(Generated::event).toList());

        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> applied(first, second).size()
                                + deadLettered(first, second).size()
                        >= EVENTS);
        assertThat(applied(first, second)).as("applied").isEqualTo(storable);
        assertThat(deadLettered(first, second)).as("dead-lettered").isEqualTo(poison);
        assertThat(health.getReadiness().isDown()).as("readiness").isFalse();

        Events.send(List.of(Events.event(first, "after", "complaint", Instant.now())));
        await().atMost(WAIT)
                .until(() -> Db.count(
                                "SELECT count(*) FROM scoring.customers WHERE tenant_id = ?"
                                        + " AND customer_id = 'after' AND scored_at IS NOT NULL",
                                first)
                        == 1);
    }

    private static Set<String> ids(Stream<Generated> events) {
        return events.map(g -> g.event().messageId()).collect(Collectors.toSet());
    }

    private static Set<String> applied(String... tenants) {
        Set<String> ids = new HashSet<>();
        for (String tenant : tenants) {
            Db.query("SELECT message_id FROM scoring.customer_events WHERE tenant_id = ?", tenant)
                    .forEach(row -> ids.add((String) row.get("message_id")));
        }
        return ids;
    }

    /** Dead letters in the outbox (relayed to the DLQ topic), by the message id of the payload they keep. */
    private static Set<String> deadLettered(String... tenants) {
        Set<String> ids = new HashSet<>();
        for (String tenant : tenants) {
            Db.query(
                            "SELECT payload FROM scoring.outbox WHERE topic = ? AND left(record_key, ?) = ?",
                            Topics.EVENTS_DLQ,
                            tenant.length() + 1,
                            tenant + ":")
                    .forEach(row -> ids.add(ContractSerde.fromJson((byte[]) row.get("payload"), InteractionEvent.class)
                            .messageId()));
        }
        return ids;
    }
}
