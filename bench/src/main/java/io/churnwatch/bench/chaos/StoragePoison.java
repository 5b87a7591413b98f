package io.churnwatch.bench.chaos;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.SchemaVersion;
import io.churnwatch.events.Topics;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Storage poison: contract v1 events, valid JSON with the right headers, whose values lie outside what PostgreSQL
 * columns hold (an mrr of 15 integer and 5 decimal digits, a signup date in year 9,999,999, timestamps in year
 * 10000 and year 1). Written straight onto {@code churnwatch.events.v1}, as an ingest without bounds would have
 * written them, they must all be dead-lettered. The same values posted to ingest should be answered 400; any it
 * accepts (202) is "accepted poison" and must be dead-lettered as well.
 */
final class StoragePoison {

    /** One value outside storage, as a contract field and as a request body's JSON. */
    enum Value {
        MRR("mrr 999999999999999.99995", "identify", "\"traits\":{\"mrr\":\"999999999999999.99995\"}"),
        SIGNUP_DATE("signupDate +9999999-01-01", "identify", "\"traits\":{\"signupDate\":\"+9999999-01-01\"}"),
        YEAR_10000("timestamp in year 10000", "usage", "\"timestamp\":\"+10000-01-01T00:00:00Z\""),
        YEAR_1("timestamp in year 1", "usage", "\"timestamp\":\"0001-01-01T00:00:00Z\"");

        final String kind;
        final String type;
        final String requestField;

        Value(String kind, String type, String requestField) {
            this.kind = kind;
            this.type = type;
            this.requestField = requestField;
        }

        InteractionEvent event(String messageId, String tenant, String customerId, Instant now) {
            CustomerTraits traits = switch (this) {
                case MRR -> new CustomerTraits(new BigDecimal("999999999999999.99995"), "EUR", null, null, null, null);
                case SIGNUP_DATE -> new CustomerTraits(null, null, null, null, LocalDate.of(9_999_999, 1, 1), null);
                default -> null;
            };
            Instant timestamp = switch (this) {
                case YEAR_10000 -> Instant.parse("+10000-01-01T00:00:00Z");
                case YEAR_1 -> Instant.parse("0001-01-01T00:00:00Z");
                default -> now;
            };
            return new InteractionEvent(
                    messageId,
                    true,
                    tenant,
                    customerId,
                    type,
                    timestamp,
                    now,
                    JsonNodeFactory.instance.objectNode(),
                    traits,
                    this == YEAR_1 ? "replay" : "api");
        }
    }

    /** What ingest answered to the poison posted to it: status code to count. */
    record IngestAnswers(Map<Integer, Integer> byStatus) {

        int rejected() {
            return byStatus.getOrDefault(400, 0);
        }

        int accepted() {
            return byStatus.getOrDefault(202, 0);
        }

        int unexpected() {
            return byStatus.values().stream().mapToInt(Integer::intValue).sum() - rejected() - accepted();
        }
    }

    private static final String VERSION = new String(SchemaVersion.CURRENT_HEADER_VALUE, StandardCharsets.UTF_8);

    private final PoisonMessages poison;
    private final String tenant;

    StoragePoison(PoisonMessages poison, String tenant) {
        this.poison = poison;
        this.tenant = tenant;
    }

    /** Writes one event per {@link Value} onto the event topic with ingest's key and headers; answers how many. */
    int writeToTopic() throws Exception {
        Instant now = Instant.now();
        List<PoisonMessages.Poison> records = new ArrayList<>();
        for (Value value : Value.values()) {
            String customerId = "chaos-storage-topic-" + value.name().toLowerCase(Locale.ROOT);
            InteractionEvent event = value.event(customerId + "-m", tenant, customerId, now);
            Map<String, String> headers = Map.of(
                    Topics.SCHEMA_VERSION_HEADER,
                    VERSION,
                    Topics.TENANT_HEADER,
                    tenant,
                    Topics.TYPE_HEADER,
                    event.type());
            byte[] json = ContractSerde.toJson(event);
            records.add(new PoisonMessages.Poison(event.key(), "storage: " + value.kind, json, headers, null));
        }
        return poison.write(records).size();
    }

    /**
     * Posts one event per {@link Value} to {@code POST /v1/events} with a key that has the replay scope (so only the
     * value bounds can reject year 1); an event accepted is expected in the dead-letter topic under ingest's key.
     */
    IngestAnswers postToIngest(URI ingest, String replayKey) throws IOException, InterruptedException {
        Map<Integer, Integer> byStatus = new TreeMap<>();
        for (Value value : Value.values()) {
            String customerId = "chaos-storage-rest-" + value.name().toLowerCase(Locale.ROOT);
            String messageId = customerId + "-m";
            String body = "{\"messageId\":\"" + messageId + "\",\"customerId\":\"" + customerId + "\",\"type\":\""
                    + value.type + "\"," + value.requestField + "}";
            int status = ServiceApi.postEvent(ingest, replayKey, body);
            byStatus.merge(status, 1, Integer::sum);
            if (status == 202) {
                String key = Topics.customerKey(tenant, customerId);
                poison.expectWrittenByIngest(key, "accepted poison: " + value.kind, messageId);
            }
        }
        return new IngestAnswers(byStatus);
    }
}
