package io.churnwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.bench.LogGenerator.Label;
import io.churnwatch.bench.LogGenerator.Log;
import io.churnwatch.events.ContractJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generator's worlds other than mixed: deterministic, valid, with churners and stayers and varied silence before churn. */
class WorldsTest {

    private static final LocalDate END = LocalDate.of(2025, 6, 30);
    private static final Set<String> ACTIVITY = Set.of("usage", "login", "purchase");

    private static final Map<String, Log> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    /** One log per world and seed, generated once for all tests. */
    private static Log log(World world, long seed) {
        return LOGS.computeIfAbsent(world + "/" + seed, k -> generate(world, seed));
    }

    private static Log generate(World world, long seed) {
        return new LogGenerator(300, 200, seed, END, world).generate();
    }

    @ParameterizedTest
    @EnumSource(value = World.class, names = "MIXED", mode = EnumSource.Mode.EXCLUDE)
    void sameSeedSameLogOtherSeedOtherLog(World world) {
        assertThat(generate(world, 3).events()).isEqualTo(log(world, 3).events());
        assertThat(generate(world, 3).labels()).isEqualTo(log(world, 3).labels());
        assertThat(log(world, 4).events()).isNotEqualTo(log(world, 3).events());
    }

    @ParameterizedTest
    @EnumSource(value = World.class, names = "MIXED", mode = EnumSource.Mode.EXCLUDE)
    void eventsAreSortedValidV1WithSegmentsAndSignupDates(World world) throws IOException {
        Log log = log(world, 3);
        Instant previous = Instant.MIN;
        Set<String> ids = new HashSet<>();
        Map<String, String> segment = new HashMap<>();
        for (String line : log.events()) {
            JsonNode e = ContractJson.mapper().readTree(line);
            Instant t = Instant.parse(e.get("timestamp").asText());
            assertThat(t)
                    .isAfterOrEqualTo(previous)
                    .isAfterOrEqualTo(log.start())
                    .isBefore(log.end());
            previous = t;
            assertThat(ids.add(e.get("messageId").asText()))
                    .as("unique messageId")
                    .isTrue();
            if (e.get("type").asText().equals("identify")) {
                LocalDate.parse(e.get("traits").get("signupDate").asText());
                segment.put(
                        e.get("customerId").asText(),
                        e.get("traits").get("segment").asText());
            }
            if (e.get("type").asText().equals("nps")) {
                assertThat(e.get("properties").get("score").asInt()).isBetween(0, 10);
            }
        }
        assertThat(segment).as("every customer identifies with a segment").hasSize(300);
        assertThat(new HashSet<>(segment.values())).as("segments").hasSizeGreaterThanOrEqualTo(3);
        assertThat(log.labels())
                .allSatisfy(
                        l -> assertThat(l.churnedAt() == null || l.churnedAt().isBefore(log.end()))
                                .isTrue());
    }

    @ParameterizedTest
    @EnumSource(value = World.class, names = "MIXED", mode = EnumSource.Mode.EXCLUDE)
    void churnersAndStayersWithSilenceBeforeChurnThatVaries(World world) throws IOException {
        Log log = log(world, 3);
        long churners = log.labels().stream().filter(Label::churned).count();
        assertThat(churners).as("churners").isBetween(30L, 200L);
        assertThat(log.labels().size() - churners).as("stayers").isGreaterThanOrEqualTo(75);

        Map<String, Instant> last = lastActivity(log);
        Map<Long, Integer> silenceDays = new TreeMap<>();
        for (Label l : log.labels()) {
            if (l.churned() && last.containsKey(l.customerId())) {
                silenceDays.merge(
                        Duration.between(last.get(l.customerId()), l.churnedAt())
                                .toDays(),
                        1,
                        Integer::sum);
            }
        }
        assertThat(silenceDays.keySet())
                .as("days of silence before churn: %s", silenceDays)
                .hasSizeGreaterThanOrEqualTo(15);
        assertThat(silenceDays.keySet().stream()
                        .mapToLong(Long::longValue)
                        .min()
                        .orElseThrow())
                .as("some churn while active")
                .isLessThanOrEqualTo(2);
        assertThat(silenceDays.keySet().stream()
                        .mapToLong(Long::longValue)
                        .max()
                        .orElseThrow())
                .as("some churn long after")
                .isGreaterThanOrEqualTo(40);
        assertThat(silenceDays.getOrDefault(15L, 0))
                .as("not the domain's fixed 15 days")
                .isLessThan((int) churners / 5);
    }

    @ParameterizedTest
    @EnumSource(value = World.class, names = "MIXED", mode = EnumSource.Mode.EXCLUDE)
    void lapsersBuyInBurstsAndSomeNeverReturn(World world) throws IOException {
        Log log = log(world, 3);
        List<Label> lapsers =
                log.labels().stream().filter(l -> l.profile().equals("lapser")).toList();
        assertThat(lapsers).isNotEmpty();
        assertThat(lapsers).as("some lapsers never return").anyMatch(Label::churned);
        assertThat(lapsers).as("some keep coming back").anyMatch(l -> !l.churned());
    }

    @ParameterizedTest
    @EnumSource(
            value = World.class,
            names = {"SEASONAL", "WEEKLY_B2B", "DAILY_B2C"})
    void manyStayersGoSilentForWeeks(World world) throws IOException {
        Log log = log(world, 3);
        Map<String, Long> longestGap = longestGapDays(log);
        List<Label> stayers = log.labels().stream()
                .filter(l -> !l.churned() && l.observedUntil() == null)
                .toList();
        long silentForWeeks = stayers.stream()
                .filter(l -> longestGap.getOrDefault(l.customerId(), 0L) >= 21)
                .count();
        assertThat(silentForWeeks)
                .as("stayers silent for 3+ weeks at least once")
                .isGreaterThanOrEqualTo(stayers.size() / (world == World.SEASONAL ? 3 : 10));
    }

    @ParameterizedTest
    @EnumSource(
            value = World.class,
            names = {"WEEKLY_B2B", "MONTHLY_BILLING"})
    void someTermsEndInsideTheLog(World world) {
        assertThat(log(world, 3).labels()).anyMatch(l -> !l.churned() && l.observedUntil() != null);
    }

    @org.junit.jupiter.api.Test
    void worldsAreNamedOnTheCommandLine() {
        assertThat(World.of("daily-b2c")).isEqualTo(World.DAILY_B2C);
        assertThat(World.of("monthly-billing")).isEqualTo(World.MONTHLY_BILLING);
        assertThat(World.of("mixed")).isEqualTo(World.MIXED);
        assertThatThrownBy(() -> World.of("oulad")).hasMessageContaining("unknown world");
    }

    private static Map<String, Instant> lastActivity(Log log) throws IOException {
        Map<String, Instant> last = new HashMap<>();
        for (String line : log.events()) {
            JsonNode e = ContractJson.mapper().readTree(line);
            if (ACTIVITY.contains(e.get("type").asText())) {
                last.merge(
                        e.get("customerId").asText(),
                        Instant.parse(e.get("timestamp").asText()),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return last;
    }

    private static Map<String, Long> longestGapDays(Log log) throws IOException {
        Map<String, Instant> previous = new HashMap<>();
        Map<String, Long> longest = new HashMap<>();
        for (String line : log.events()) {
            JsonNode e = ContractJson.mapper().readTree(line);
            if (ACTIVITY.contains(e.get("type").asText())) {
                String id = e.get("customerId").asText();
                Instant t = Instant.parse(e.get("timestamp").asText());
                Instant p = previous.put(id, t);
                if (p != null) {
                    longest.merge(id, Duration.between(p, t).toDays(), Math::max);
                }
            }
        }
        return longest;
    }
}
