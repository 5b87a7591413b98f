package io.churnwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.scoring.model.WarningEvaluation.Alert;
import io.churnwatch.scoring.model.WarningEvaluation.CustomerLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayInputTest {

    @Test
    void unsortedEventsAreSortedExtraFieldsDroppedAndMissingIdsFilled(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("EVENTS.jsonl");
        Files.write(
                events,
                List.of(
                        "{\"messageId\":\"b\",\"customerId\":\"c1\",\"type\":\"usage\",\"timestamp\":\"2024-01-02T00:00:00Z\",\"extra\":1}",
                        "",
                        "{\"customerId\":\"c2\",\"type\":\"login\",\"timestamp\":\"2024-01-01T01:00:00+01:00\",\"properties\":{\"a\":1}}",
                        "not json",
                        "{\"messageId\":\"x\",\"customerId\":\"c3\",\"type\":\"usage\"}"));
        ReplayInput.Scan scan = ReplayInput.scan(events);
        assertThat(scan.sorted()).isFalse();
        assertThat(scan.events()).isEqualTo(2);
        assertThat(scan.skipped()).isEqualTo(2);
        assertThat(scan.first()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        List<String> out = new ArrayList<>();
        Iterator<ReplayInput.Event> it = ReplayInput.ordered(events, scan.sorted());
        it.forEachRemaining(e -> out.add(e.json()));
        assertThat(out)
                .containsExactly(
                        "{\"messageId\":\"replay-3\",\"customerId\":\"c2\",\"type\":\"login\",\"timestamp\":\"2024-01-01T01:00:00+01:00\",\"properties\":{\"a\":1}}",
                        "{\"messageId\":\"b\",\"customerId\":\"c1\",\"type\":\"usage\",\"timestamp\":\"2024-01-02T00:00:00Z\"}");
    }

    @Test
    void labelsIgnoreExtraFields(@TempDir Path dir) throws IOException {
        Path labels = dir.resolve("LABELS.jsonl");
        Files.write(
                labels,
                List.of(
                        "{\"customerId\":\"a\",\"churned\":true,\"churnedAt\":\"2024-03-01T00:00:00Z\",\"plan\":\"pro\"}",
                        "{\"customerId\":\"b\",\"churned\":false,\"churnedAt\":null,\"observedUntil\":\"2024-02-01T00:00:00Z\"}"));
        assertThat(ReplayInput.labels(labels))
                .containsExactly(
                        new CustomerLabel("a", true, Instant.parse("2024-03-01T00:00:00Z"), null),
                        new CustomerLabel("b", false, null, Instant.parse("2024-02-01T00:00:00Z")));
    }

    @Test
    void labelsAcceptDateOnlyValuesAndNameTheLineOfABadOne(@TempDir Path dir) throws IOException {
        Path labels = dir.resolve("LABELS.jsonl");
        Files.write(
                labels,
                List.of(
                        "{\"customerId\":\"a\",\"churned\":true,\"churnedAt\":\"2014-03-02\",\"observedUntil\":\"2014-06-26\"}",
                        "{\"customerId\":\"b\",\"churned\":false,\"churnedAt\":null,\"observedUntil\":\"2014-06-26T00:00:00+02:00\"}"));
        assertThat(ReplayInput.labels(labels))
                .containsExactly(
                        new CustomerLabel(
                                "a",
                                true,
                                Instant.parse("2014-03-02T00:00:00Z"),
                                Instant.parse("2014-06-26T00:00:00Z")),
                        new CustomerLabel("b", false, null, Instant.parse("2014-06-25T22:00:00Z")));

        Files.write(
                labels,
                List.of(
                        "{\"customerId\":\"a\",\"churned\":false}",
                        "{\"customerId\":\"c\",\"churned\":true,\"churnedAt\":\"March\"}"));
        assertThatThrownBy(() -> ReplayInput.labels(labels))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("March");
    }

    @Test
    void churnedLabelsAreFedAsChurnedEventsInTimeOrderAfterTheSameTimesEvents(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("EVENTS.jsonl");
        Files.write(
                events,
                List.of(
                        "{\"messageId\":\"1\",\"customerId\":\"a\",\"type\":\"usage\",\"timestamp\":\"2024-01-01T00:00:00Z\"}",
                        "{\"messageId\":\"2\",\"customerId\":\"b\",\"type\":\"usage\",\"timestamp\":\"2024-01-03T00:00:00Z\"}",
                        "{\"messageId\":\"3\",\"customerId\":\"c\",\"type\":\"churned\",\"timestamp\":\"2024-01-04T00:00:00Z\"}",
                        "{\"messageId\":\"4\",\"customerId\":\"b\",\"type\":\"usage\",\"timestamp\":\"2024-01-05T00:00:00Z\"}"));
        List<CustomerLabel> labels = List.of(
                new CustomerLabel("b", true, Instant.parse("2024-01-03T00:00:00Z"), null),
                new CustomerLabel("a", true, Instant.parse("2024-01-02T12:00:00Z"), null),
                new CustomerLabel("c", true, Instant.parse("2024-01-04T00:00:00Z"), null),
                new CustomerLabel("d", false, null, null),
                new CustomerLabel("e", true, Instant.parse("2024-02-01T00:00:00Z"), null));
        ReplayInput.Scan scan = ReplayInput.scan(events);
        assertThat(scan.churnedInLog()).containsExactly("c");

        List<ReplayInput.Event> fed = ReplayInput.outcomes(labels, scan.churnedInLog());
        List<String> order = new ArrayList<>();
        ReplayInput.merged(ReplayInput.ordered(events, scan.sorted()), fed).forEachRemaining(e -> order.add(e.json()));

        assertThat(order)
                .containsExactly(
                        "{\"messageId\":\"1\",\"customerId\":\"a\",\"type\":\"usage\",\"timestamp\":\"2024-01-01T00:00:00Z\"}",
                        "{\"messageId\":\"replay-outcome-churned-a\",\"customerId\":\"a\",\"type\":\"churned\","
                                + "\"timestamp\":\"2024-01-02T12:00:00Z\",\"properties\":{\"source\":\"replay-labels\"}}",
                        "{\"messageId\":\"2\",\"customerId\":\"b\",\"type\":\"usage\",\"timestamp\":\"2024-01-03T00:00:00Z\"}",
                        "{\"messageId\":\"replay-outcome-churned-b\",\"customerId\":\"b\",\"type\":\"churned\","
                                + "\"timestamp\":\"2024-01-03T00:00:00Z\",\"properties\":{\"source\":\"replay-labels\"}}",
                        "{\"messageId\":\"3\",\"customerId\":\"c\",\"type\":\"churned\",\"timestamp\":\"2024-01-04T00:00:00Z\"}",
                        "{\"messageId\":\"4\",\"customerId\":\"b\",\"type\":\"usage\",\"timestamp\":\"2024-01-05T00:00:00Z\"}",
                        "{\"messageId\":\"replay-outcome-churned-e\",\"customerId\":\"e\",\"type\":\"churned\","
                                + "\"timestamp\":\"2024-02-01T00:00:00Z\",\"properties\":{\"source\":\"replay-labels\"}}");
    }

    @Test
    void aFedChurnsMessageIdIsStablePerCustomerAndFitsTheContract() {
        String longId = "x".repeat(256);
        assertThat(ReplayInput.outcomeMessageId("a"))
                .isEqualTo(ReplayInput.outcomeMessageId("a"))
                .isNotEqualTo(ReplayInput.outcomeMessageId("b"));
        assertThat(ReplayInput.outcomeMessageId(longId))
                .hasSizeLessThanOrEqualTo(256)
                .isEqualTo(ReplayInput.outcomeMessageId(longId))
                .isNotEqualTo(ReplayInput.outcomeMessageId(longId + "y"));
    }

    @Test
    void alertsAreTransitionsIntoHighOrCriticalInEventTimeOrder() {
        List<RiskChange> changes = List.of(
                change("a", RiskLevel.MEDIUM, RiskLevel.HIGH, "2024-01-05T00:00:00Z"),
                change("a", RiskLevel.LOW, RiskLevel.MEDIUM, "2024-01-02T00:00:00Z"),
                change("a", RiskLevel.HIGH, RiskLevel.CRITICAL, "2024-01-06T00:00:00Z"),
                change("a", RiskLevel.CRITICAL, RiskLevel.LOW, "2024-01-07T00:00:00Z"),
                change("a", RiskLevel.LOW, RiskLevel.CRITICAL, "2024-01-09T00:00:00Z"),
                change("b", RiskLevel.LOW, RiskLevel.MEDIUM, "2024-01-03T00:00:00Z"));
        assertThat(RiskChangeLog.alerts(changes))
                .containsExactly(
                        new Alert("a", Instant.parse("2024-01-05T00:00:00Z")),
                        new Alert("a", Instant.parse("2024-01-09T00:00:00Z")));
    }

    private static RiskChange change(String customer, RiskLevel from, RiskLevel to, String at) {
        return new RiskChange(
                "id-" + customer + at,
                "t",
                customer,
                0,
                0,
                from,
                to,
                List.of(new RiskFactor("usage_gap", "gap", 1, 1)),
                null,
                null,
                null,
                0,
                List.of(),
                null,
                null,
                false,
                Instant.parse(at));
    }
}
