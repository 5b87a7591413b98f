package io.churnwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.events.ContractJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {

    @Test
    void idsAreUniqueAcrossGeneratorsSharingTheSequence() throws Exception {
        AtomicLong sequence = new AtomicLong();
        EventGenerator a = new EventGenerator("run-", sequence, 100, 1);
        EventGenerator b = new EventGenerator("run-", sequence, 100, 1);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            ids.add(ContractJson.mapper()
                    .readTree((i % 2 == 0 ? a : b).next())
                    .get("messageId")
                    .asText());
        }
        JsonNode batch = ContractJson.mapper().readTree(a.batch(500)).get("events");
        assertThat(batch).hasSize(500);
        batch.forEach(event -> ids.add(event.get("messageId").asText()));
        assertThat(ids).hasSize(2500).allMatch(id -> id.startsWith("run-"));
    }

    @Test
    void eventsHaveTheV1ShapeAndARealisticTypeMix() throws Exception {
        EventGenerator generator = new EventGenerator("m-", new AtomicLong(), 50, 7);
        Map<String, Integer> types = new HashMap<>();
        Set<String> customers = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            JsonNode event = ContractJson.mapper().readTree(generator.next());
            types.merge(event.get("type").asText(), 1, Integer::sum);
            customers.add(event.get("customerId").asText());
            assertThat(Duration.between(Instant.parse(event.get("timestamp").asText()), Instant.now()))
                    .isLessThan(Duration.ofMinutes(1));
            assertThat(event.get("properties").isObject()).isTrue();
            if (event.get("type").asText().equals("nps")) {
                assertThat(event.get("properties").get("score").asInt()).isBetween(0, 10);
            }
            if (event.get("type").asText().equals("purchase")) {
                assertThat(event.get("properties").get("amount").isNumber()).isTrue();
            }
        }
        assertThat(customers).hasSizeLessThanOrEqualTo(50).hasSizeGreaterThan(40);
        assertThat(types.keySet()).containsAll(Set.of(EventGenerator.TYPES));
        assertThat(types.get("usage")).isBetween(2000, 2500);
        assertThat(types.get("complaint")).isBetween(80, 230);
        int weights = 0;
        for (int w : EventGenerator.WEIGHTS) {
            weights += w;
        }
        assertThat(weights).isEqualTo(1000);
    }

    @Test
    void kafkaRecordSizeIsInTheExpectedRangeAndCloseToTheRequest() {
        EventGenerator generator = new EventGenerator("bench-abc-", new AtomicLong(1_000_000), 10_000, 3);
        for (int i = 0; i < 200; i++) {
            String event = generator.next();
            int requestBytes = event.getBytes(StandardCharsets.UTF_8).length;
            int recordBytes = EventGenerator.kafkaRecordBytes(event, "bench");
            assertThat(recordBytes).isBetween(250, 450).isGreaterThan(requestBytes);
        }
        int mean = EventGenerator.meanKafkaRecordBytes("bench-abc-", 1_000_000, 10_000, "bench", 1000);
        assertThat(mean).isBetween(280, 400);
    }

    @Test
    void topicCounterFindsTheIdAfterThePrefix() {
        byte[] prefix = "\"messageId\":\"run-".getBytes(StandardCharsets.UTF_8);
        assertThat(TopicCounter.idAfter(
                        "{\"messageId\":\"run-12345\",\"x\":1}".getBytes(StandardCharsets.UTF_8), prefix))
                .isEqualTo(12345);
        assertThat(TopicCounter.idAfter("{\"messageId\":\"other-1\"}".getBytes(StandardCharsets.UTF_8), prefix))
                .isEqualTo(-1);
        assertThat(TopicCounter.idAfter("{\"messageId\":\"run-x\"}".getBytes(StandardCharsets.UTF_8), prefix))
                .isEqualTo(-1);
    }
}
