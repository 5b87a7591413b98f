package io.churnwatch.alert.support;

import io.churnwatch.devstack.DevStack;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Builds risk changes the way the scoring service does and produces them to the real broker. */
public final class RiskChanges {

    private static KafkaProducer<String, byte[]> producer;

    private RiskChanges() {}

    /** A typical change: the factors and playbooks of the example. */
    public static RiskChange change(
            String tenant, String customer, double oldScore, double newScore, RiskLevel oldLevel, RiskLevel newLevel) {
        return new RiskChange(
                UUID.randomUUID().toString(),
                tenant,
                customer,
                oldScore,
                newScore,
                oldLevel,
                newLevel,
                List.of(
                        new RiskFactor("complaint", "3 complaints this week", 22, 22),
                        new RiskFactor("usage_gap", "usage gap 3.1x this customer's normal", 18, 6)),
                new BigDecimal("1200.00"),
                430,
                0.41,
                newScore,
                List.of("personal_call", "fix_fault"),
                "enterprise",
                "ana@cs.example",
                false,
                Instant.now());
    }

    public static RiskChange withOwner(RiskChange c, String owner, boolean ownerLeft) {
        return new RiskChange(
                c.changeId(),
                c.tenant(),
                c.customerId(),
                c.oldScore(),
                c.newScore(),
                c.oldLevel(),
                c.newLevel(),
                c.topFactors(),
                c.mrr(),
                c.tenureDays(),
                c.pAlive(),
                c.priority(),
                c.playbooks(),
                c.segment(),
                owner,
                ownerLeft,
                c.eventTime());
    }

    public static RiskChange withFactors(RiskChange c, List<RiskFactor> factors) {
        return new RiskChange(
                c.changeId(),
                c.tenant(),
                c.customerId(),
                c.oldScore(),
                c.newScore(),
                c.oldLevel(),
                c.newLevel(),
                factors,
                c.mrr(),
                c.tenureDays(),
                c.pAlive(),
                c.priority(),
                c.playbooks(),
                c.segment(),
                c.owner(),
                c.ownerLeft(),
                c.eventTime());
    }

    public static RiskChange withPlaybooks(RiskChange c, List<String> playbooks) {
        return new RiskChange(
                c.changeId(),
                c.tenant(),
                c.customerId(),
                c.oldScore(),
                c.newScore(),
                c.oldLevel(),
                c.newLevel(),
                c.topFactors(),
                c.mrr(),
                c.tenureDays(),
                c.pAlive(),
                c.priority(),
                playbooks,
                c.segment(),
                c.owner(),
                c.ownerLeft(),
                c.eventTime());
    }

    /** Produces and waits for the broker's acknowledgement. */
    public static void send(RiskChange change) {
        try {
            producer()
                    .send(new ProducerRecord<>(Topics.RISK_CHANGES, change.key(), ContractSerde.toJson(change)))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            DevStack.shared().kafka().bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG,
                            "all"),
                    new StringSerializer(),
                    new ByteArraySerializer());
        }
        return producer;
    }
}
