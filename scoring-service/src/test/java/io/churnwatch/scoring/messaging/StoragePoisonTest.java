package io.churnwatch.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.TestTenants;
import io.churnwatch.scoring.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's storage poison: well-formed contract events, as an older ingest accepted them, whose values
 * PostgreSQL cannot store. Written straight onto the topic among good events of two tenants, they are
 * dead-lettered with the reason, and scoring goes on for everyone.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class StoragePoisonTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    SmallRyeHealthReporter health;

    @Test
    void outOfRangeValuesAreDeadLetteredAndEveryGoodEventOfEveryTenantIsScored() {
        String first = TestTenants.create().id();
        String second = TestTenants.create().id();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        InteractionEvent hugeMrr = Events.withTraits(
                Events.event(first, "p1", "usage", now), traits(new BigDecimal("999999999999999.99995"), null));
        InteractionEvent farSignup = Events.withTraits(
                Events.event(second, "p2", "identify", now), traits(null, LocalDate.of(9_999_999, 1, 1)));
        InteractionEvent yearOne = Events.event(first, "a1", "usage", Instant.parse("0001-01-01T00:00:00Z"));
        InteractionEvent yearTenThousand = Events.event(second, "b1", "usage", Instant.parse("+10000-01-01T00:00:00Z"));
        List<InteractionEvent> good = List.of(
                Events.withTraits(
                        Events.event(first, "a1", "identify", now.minusSeconds(50)),
                        traits(new BigDecimal("999999999999.9999"), LocalDate.parse("1900-01-01"))),
                Events.event(first, "a1", "complaint", now.minusSeconds(40)),
                Events.event(first, "a2", "usage", now.minusSeconds(30)),
                Events.event(second, "b1", "payment_failed", now.minusSeconds(20)),
                Events.event(second, "b2", "usage", now.minusSeconds(10)));
        Events.send(List.of(
                good.get(0),
                hugeMrr,
                good.get(1),
                farSignup,
                good.get(2),
                yearOne,
                good.get(3),
                yearTenThousand,
                good.get(4)));

        await().atMost(WAIT).until(() -> applied(first) + applied(second) == good.size());
        await().atMost(WAIT).until(() -> deadLetters(first, second).size() == 4);
        Map<String, String> reasons = deadLetters(first, second).stream()
                .collect(Collectors.toMap(
                        r -> ContractSerde.fromJson(r.value(), InteractionEvent.class)
                                .messageId(),
                        r -> TopicReader.header(r, Topics.DLQ_REASON_HEADER)));
        assertThat(reasons.get(hugeMrr.messageId())).startsWith("traits.mrr 999999999999999.99995 is not an amount");
        assertThat(reasons.get(farSignup.messageId())).startsWith("traits.signupDate +9999999-01-01 is outside");
        assertThat(reasons.get(yearOne.messageId())).startsWith("timestamp 0001-01-01T00:00:00Z is outside");
        assertThat(reasons.get(yearTenThousand.messageId())).startsWith("timestamp +10000-01-01T00:00:00Z is outside");
        assertThat(Db.query(
                        "SELECT customer_id, mrr FROM scoring.customers WHERE tenant_id = ? AND scored_at IS NOT NULL"
                                + " ORDER BY customer_id",
                        first))
                .extracting(row -> row.get("customer_id"))
                .containsExactly("a1", "a2");
        assertThat((BigDecimal)
                        Db.query("SELECT mrr FROM scoring.customers WHERE tenant_id = ? AND customer_id = 'a1'", first)
                                .get(0)
                                .get("mrr"))
                .isEqualByComparingTo("999999999999.9999");
        assertThat(Db.count(
                        "SELECT count(*) FROM scoring.customers WHERE tenant_id = ? AND scored_at IS NOT NULL", second))
                .isEqualTo(2);
        assertThat(health.getReadiness().isDown()).as("readiness").isFalse();

        Events.send(List.of(Events.event(second, "after", "complaint", Instant.now())));
        await().atMost(WAIT)
                .until(() -> Db.count(
                                "SELECT count(*) FROM scoring.customers WHERE tenant_id = ?"
                                        + " AND customer_id = 'after' AND scored_at IS NOT NULL",
                                second)
                        == 1);
        assertThat(health.getReadiness().isDown()).as("readiness").isFalse();
    }

    private static CustomerTraits traits(BigDecimal mrr, LocalDate signup) {
        return new CustomerTraits(mrr, mrr == null ? null : "EUR", null, null, signup, null);
    }

    private static long applied(String tenant) {
        return Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", tenant);
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(String... tenants) {
        return Stream.of(tenants)
                .flatMap(t -> TopicReader.ofTenant(Topics.EVENTS_DLQ, t).stream())
                .toList();
    }
}
