package io.churnwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.events.ContractJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay evaluator end to end at small scale: 150 generated customers over 120 days through the real
 * ingest and scoring services (separate JVMs, built by {@code ./mvnw install}), a real broker and database.
 */
class ReplayEndToEndTest {

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void replayPrintsSaneWarningMetrics(@TempDir Path dir) throws Exception {
        Path project = Path.of("").toAbsolutePath().getParent();
        for (String service : new String[] {"ingest-service", "scoring-service"}) {
            assumeTrue(
                    Files.exists(project.resolve(service).resolve("target/quarkus-app/quarkus-run.jar")),
                    service
                            + " is not packaged: run ./mvnw -B -DskipTests install -pl bench,ingest-service,scoring-service -am first");
        }
        LogGenerator.write(new LogGenerator(150, 120, 7, LocalDate.now().minusDays(30)).generate(), dir);

        ReplayEvaluator.Outcome outcome = ReplayEvaluator.run(
                ReplayEvaluator.Options.of(dir.resolve("EVENTS.jsonl"), dir.resolve("LABELS.jsonl"), project));

        JsonNode json = ContractJson.mapper().readTree(outcome.json());
        assertThat(json.fieldNames())
                .toIterable()
                .contains(
                        "customers",
                        "churners",
                        "alerts",
                        "precision",
                        "recall",
                        "recall7d",
                        "medianLeadDays",
                        "eventsPerSecond");
        assertThat(json.get("customers").asInt()).isEqualTo(150);
        assertThat(json.get("churners").asInt()).isPositive();
        assertThat(json.get("alerts").asInt()).isPositive();
        assertThat(json.get("rejected").asInt()).isZero();
        assertThat(json.get("precision").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("recall").asDouble()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
        assertThat(json.get("recall7d").asDouble())
                .isBetween(0.0, json.get("recall").asDouble());
        assertThat(json.get("medianLeadDays").asDouble()).isBetween(0.0, 45.0);
        assertThat(json.get("eventsPerSecond").asDouble()).isPositive();
        assertThat(outcome.gapAlerts())
                .as("the event-time gap scan raises alerts for silent customers")
                .isPositive();
    }
}
