package io.churnwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
        Files.write(events, List.of(
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
        assertThat(out).containsExactly(
                "{\"messageId\":\"replay-3\",\"customerId\":\"c2\",\"type\":\"login\",\"timestamp\":\"2024-01-01T01:00:00+01:00\",\"properties\":{\"a\":1}}",
                "{\"messageId\":\"b\",\"customerId\":\"c1\",\"type\":\"usage\",\"timestamp\":\"2024-01-02T00:00:00Z\"}");
    }

    @Test
    void labelsIgnoreExtraFields(@TempDir Path dir) throws IOException {
        Path labels = dir.resolve("LABELS.jsonl");
        Files.write(labels, List.of(
                "{\"customerId\":\"a\",\"churned\":true,\"churnedAt\":\"2024-03-01T00:00:00Z\",\"plan\":\"pro\"}",
                "{\"customerId\":\"b\",\"churned\":false,\"churnedAt\":null,\"observedUntil\":\"2024-02-01T00:00:00Z\"}"));
        assertThat(ReplayInput.labels(labels)).containsExactly(
                new CustomerLabel("a", true, Instant.parse("2024-03-01T00:00:00Z"), null),
                new CustomerLabel("b", false, null, Instant.parse("2024-02-01T00:00:00Z")));
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
        assertThat(RiskChangeLog.alerts(changes)).containsExactly(
                new Alert("a", Instant.parse("2024-01-05T00:00:00Z")), new Alert("a", Instant.parse("2024-01-09T00:00:00Z")));
    }

    private static RiskChange change(String customer, RiskLevel from, RiskLevel to, String at) {
        return new RiskChange("id-" + customer + at, "t", customer, 0, 0, from, to, List.of(new RiskFactor("usage_gap", "gap", 1, 1)),
                null, null, null, 0, List.of(), null, null, false, Instant.parse(at));
    }
}
