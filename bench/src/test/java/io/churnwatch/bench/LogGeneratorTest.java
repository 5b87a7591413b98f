package io.churnwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.bench.LogGenerator.Behaviour;
import io.churnwatch.bench.LogGenerator.Label;
import io.churnwatch.bench.LogGenerator.Log;
import io.churnwatch.events.ContractJson;
import io.churnwatch.events.EventType;
import io.churnwatch.scoring.model.WarningEvaluation.CustomerLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogGeneratorTest {

    private static final LocalDate END = LocalDate.of(2025, 6, 30);

    private static Log log(long seed) {
        return new LogGenerator(300, 120, seed, END).generate();
    }

    @Test
    void sameSeedSameLogOtherSeedOtherLog() {
        assertThat(log(5).events()).isEqualTo(log(5).events());
        assertThat(log(5).labels()).isEqualTo(log(5).labels());
        assertThat(log(6).events()).isNotEqualTo(log(5).events());
    }

    @Test
    void everyBehaviourIsPresentAndOnlyLeaversChurn() {
        Log log = log(1);
        assertThat(log.behaviourCounts().keySet()).containsExactlyInAnyOrder(Behaviour.values());
        for (Label label : log.labels()) {
            switch (label.behaviour()) {
                case FADING, SILENT_LEAVER ->
                    assertThat(label.churned()).as(label.toString()).isTrue();
                case STEADY, SEASONAL ->
                    assertThat(label.churned()).as(label.toString()).isFalse();
                case COMPLAINER -> {}
            }
        }
        Map<Boolean, Long> complainers = new HashMap<>();
        log.labels().stream()
                .filter(l -> l.behaviour() == Behaviour.COMPLAINER)
                .forEach(l -> complainers.merge(l.churned(), 1L, Long::sum));
        assertThat(complainers).as("some complainers leave, some are won over").containsKeys(true, false);
        assertThat(log.labels()).as("fixed-term customers").anyMatch(l -> l.observedUntil() != null && !l.churned());
    }

    @Test
    void eventsAreSortedValidV1InThePastWithUniqueIdsAndARealisticTypeMix() throws IOException {
        Log log = log(2);
        Instant previous = Instant.MIN;
        Set<String> ids = new HashSet<>();
        Map<String, Integer> types = new HashMap<>();
        for (String line : log.events()) {
            JsonNode e = ContractJson.mapper().readTree(line);
            Instant t = Instant.parse(e.get("timestamp").asText());
            assertThat(t)
                    .isAfterOrEqualTo(previous)
                    .isAfterOrEqualTo(log.start())
                    .isBefore(log.end());
            previous = t;
            assertThat(ids.add(e.get("messageId").asText())).isTrue();
            assertThat(e.get("customerId").asText()).isNotEmpty();
            assertThat(EventType.isKnown(e.get("type").asText())).as(line).isTrue();
            types.merge(e.get("type").asText(), 1, Integer::sum);
            if (e.get("type").asText().equals("identify")) {
                assertThat(e.get("traits").fieldNames()).toIterable().contains("mrr", "segment", "owner", "signupDate");
            }
            if (e.get("type").asText().equals("nps")) {
                assertThat(e.get("properties").get("score").asInt()).isBetween(0, 10);
            }
        }
        assertThat(log.end()).isEqualTo(Instant.parse("2025-06-30T00:00:00Z"));
        assertThat(types.get("identify")).isEqualTo(300);
        assertThat(types.keySet())
                .contains(
                        "usage",
                        "login",
                        "like",
                        "unsubscribe",
                        "complaint",
                        "support_ticket",
                        "nps",
                        "downgrade",
                        "payment_failed",
                        "churned",
                        "purchase",
                        "error");
        assertThat(types.get("usage") + types.get("login"))
                .isGreaterThan(log.events().size() / 2);
    }

    @Test
    void churnIsLastActivityPlusFifteenDaysOrAnExplicitChurnedEventInsideTheLog() throws IOException {
        Log log = log(3);
        Map<String, Instant> lastActivity = new HashMap<>();
        Map<String, Instant> churnedEvent = new HashMap<>();
        for (String line : log.events()) {
            JsonNode e = ContractJson.mapper().readTree(line);
            String type = e.get("type").asText();
            Instant t = Instant.parse(e.get("timestamp").asText());
            if (Set.of("usage", "login", "purchase").contains(type)) {
                lastActivity.merge(e.get("customerId").asText(), t, (a, b) -> a.isAfter(b) ? a : b);
            } else if (type.equals("churned")) {
                churnedEvent.put(e.get("customerId").asText(), t);
            }
        }
        long explicit = 0;
        for (Label label : log.labels().stream().filter(Label::churned).toList()) {
            assertThat(label.churnedAt()).isBefore(log.end());
            if (churnedEvent.containsKey(label.customerId())) {
                explicit++;
                assertThat(label.churnedAt()).isEqualTo(churnedEvent.get(label.customerId()));
            } else {
                assertThat(label.churnedAt())
                        .isEqualTo(lastActivity.get(label.customerId()).plus(Duration.ofDays(15)));
            }
        }
        assertThat(explicit).isPositive();
    }

    @Test
    void writtenFilesReadBackThroughTheReplayInput(@TempDir Path dir) throws IOException {
        Log log = log(4);
        LogGenerator.write(log, dir);
        List<CustomerLabel> labels = ReplayInput.labels(dir.resolve("LABELS.jsonl"));
        assertThat(labels).hasSize(300);
        assertThat(labels.stream().filter(CustomerLabel::churned).count())
                .isEqualTo(log.labels().stream().filter(Label::churned).count());
        ReplayInput.Scan scan = ReplayInput.scan(dir.resolve("EVENTS.jsonl"));
        assertThat(scan.sorted()).isTrue();
        assertThat(scan.events()).isEqualTo(log.events().size());
        assertThat(Files.readAllLines(dir.resolve("LABELS.jsonl")).get(0)).contains("\"behaviour\":");
    }
}
