package io.churnwatch.bench.chaos;

import io.churnwatch.bench.chaos.GroundTruth.Answer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The end of a chaos run: the faults and checks in words, then one JSON object on the last line. */
final class ChaosReport {

    private final ChaosOptions options;
    private final Population population;
    private final GroundTruth truth;
    private final AnswerLog answers;
    private final FaultLog faults;
    private final List<ChaosChecks.Check> checks;
    private final int crossedIntoHigh;
    private final Map<String, Integer> poison;
    private final double loadSeconds;
    private final double recoverySeconds;
    private final double totalSeconds;
    private final Instant loadStart;

    ChaosReport(
            ChaosOptions options,
            Population population,
            GroundTruth truth,
            AnswerLog answers,
            FaultLog faults,
            List<ChaosChecks.Check> checks,
            int crossedIntoHigh,
            Map<String, Integer> poison,
            double loadSeconds,
            double recoverySeconds,
            double totalSeconds,
            long loadStartNanos) {
        this.options = options;
        this.population = population;
        this.truth = truth;
        this.answers = answers;
        this.faults = faults;
        this.checks = checks;
        this.crossedIntoHigh = crossedIntoHigh;
        this.poison = poison;
        this.loadSeconds = loadSeconds;
        this.recoverySeconds = recoverySeconds;
        this.totalSeconds = totalSeconds;
        this.loadStart = Instant.now().minusNanos(System.nanoTime() - loadStartNanos);
    }

    boolean passed() {
        return checks.stream().allMatch(ChaosChecks.Check::passed);
    }

    void print(PrintStream out) {
        out.println();
        out.println("== Faults (seconds after the load started)");
        for (FaultLog.Fault fault : faults.faults()) {
            out.printf(
                    Locale.ROOT,
                    "  %6.1f .. %6.1f  %-32s %s%n",
                    offset(fault.start()),
                    offset(fault.end()),
                    fault.name(),
                    fault.detail());
        }
        out.printf(
                Locale.ROOT,
                "== Ingest: %d requests, slowest answer %.1f s; events not accepted at first, by reason: %s%n",
                answers.requests(),
                answers.slowestSeconds(),
                answers.notAcceptedReasons());
        out.println("== Checks");
        for (ChaosChecks.Check check : checks) {
            out.printf(Locale.ROOT, "  %s  %s: %s%n", check.passed() ? "PASS" : "FAIL", check.name(), check.detail());
        }
        out.printf(
                Locale.ROOT,
                "== %s in %.0f s (load %.0f s, recovery %.0f s)%n",
                passed() ? "PASSED" : "FAILED",
                totalSeconds,
                loadSeconds,
                recoverySeconds);
        out.println(json());
        out.flush();
    }

    String json() {
        String faultsJson = faults.faults().stream()
                .map(f -> String.format(
                        Locale.ROOT,
                        "{\"name\":\"%s\",\"start\":\"%s\",\"end\":\"%s\",\"startSecond\":%.1f,\"seconds\":%.1f}",
                        escape(f.name()),
                        f.start(),
                        f.end(),
                        offset(f.start()),
                        f.duration().toMillis() / 1000.0))
                .collect(Collectors.joining(",", "[", "]"));
        String checksJson = checks.stream()
                .map(c -> String.format("{\"name\":\"%s\",\"passed\":%s}", escape(c.name()), c.passed()))
                .collect(Collectors.joining(",", "[", "]"));
        String statuses = answers.byStatus().entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        return String.format(
                Locale.ROOT,
                "{\"run\":\"%s\",\"passed\":%s,\"seconds\":%.0f,\"loadSeconds\":%.0f,\"recoverySeconds\":%.0f,"
                        + "\"eventsPlanned\":%d,\"eventsConfirmed\":%d,\"confirmedByDuplicate\":%d,\"answers\":{\"accepted\":%d,"
                        + "\"duplicate\":%d,\"notAccepted\":%d,\"rejected\":%d},\"requests\":%d,\"slowestAnswerSeconds\":%.1f,\"non2xxByStatus\":%s,\"tenants\":%d,"
                        + "\"customers\":%d,\"designedHigh\":%d,\"crossedIntoHigh\":%d,\"poisonInjected\":%d,"
                        + "\"poison\":%s,"
                        + "\"postgresOutageSeconds\":%d,"
                        + "\"faults\":%s,\"checks\":%s}",
                options.shortRun() ? "short" : "full",
                passed(),
                totalSeconds,
                loadSeconds,
                recoverySeconds,
                population.events().size(),
                truth.confirmed().size(),
                truth.confirmedByDuplicate(),
                truth.answers(Answer.ACCEPTED),
                truth.answers(Answer.DUPLICATE),
                truth.answers(Answer.NOT_ACCEPTED),
                truth.answers(Answer.REJECTED),
                answers.requests(),
                answers.slowestSeconds(),
                statuses,
                options.tenants(),
                population.customers().size(),
                population.designedHigh().size(),
                crossedIntoHigh,
                poison.get("expectedInDlq"),
                poisonJson(),
                options.postgresOutage().toSeconds(),
                faultsJson,
                checksJson);
    }

    private String poisonJson() {
        return poison.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private double offset(Instant at) {
        return Duration.between(loadStart, at).toMillis() / 1000.0;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
