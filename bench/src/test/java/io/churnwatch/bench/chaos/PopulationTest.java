package io.churnwatch.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.churnwatch.bench.chaos.Population.Kind;
import io.churnwatch.bench.chaos.Population.PlannedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PopulationTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void everyCustomerSendsItsShareWithUniqueIdsAndTheSameSeedGivesTheSamePlan() {
        Population population = Population.generate(List.of("a", "b"), 50, 1_005, 3, START);

        assertThat(population.customers()).hasSize(100);
        assertThat(population.events()).hasSize(1_005);
        assertThat(population.events().stream().map(PlannedEvent::messageId).distinct())
                .hasSize(1_005);
        Map<String, Long> perCustomer = population.events().stream()
                .collect(Collectors.groupingBy(e -> e.customer().key(), Collectors.counting()));
        assertThat(perCustomer.values()).allMatch(n -> n == 10 || n == 11);
        assertThat(Population.generate(List.of("a", "b"), 50, 1_005, 3, START).events())
                .isEqualTo(population.events());
    }

    @Test
    void complainersAndTheSilentAreTheDesignedHighRiskAndOnlyTheyGetBadNewsOrOldTimestamps() {
        Population population = Population.generate(List.of("a", "b", "c"), 200, 6_000, 1, START);
        Set<String> badNews = Set.copyOf(List.of(Population.BAD_NEWS));

        assertThat(population.count(Kind.COMPLAINER)).isPositive();
        assertThat(population.count(Kind.SILENT)).isPositive();
        assertThat(population.designedHigh())
                .hasSize((int) (population.count(Kind.COMPLAINER) + population.count(Kind.SILENT)));
        for (PlannedEvent event : population.events()) {
            switch (event.customer().kind()) {
                case STEADY -> assertThat(event.type()).isNotIn(badNews).as("steady customers send no bad news");
                case COMPLAINER -> assertThat(event.timestamp()).isNull();
                case SILENT ->
                    assertThat(event.timestamp())
                            .isBetween(START.minus(Duration.ofDays(120)), START.minus(Duration.ofDays(60)));
            }
        }
        Map<String, Long> complaintsPerComplainer = population.events().stream()
                .filter(e -> e.customer().kind() == Kind.COMPLAINER && badNews.contains(e.type()))
                .collect(Collectors.groupingBy(e -> e.customer().key(), Collectors.counting()));
        assertThat(complaintsPerComplainer.values()).allMatch(n -> n >= 5);
    }

    @Test
    void theSilentSendTheirHistoryOldestFirst() {
        Population population = Population.generate(List.of("a"), 200, 4_000, 2, START);

        Map<String, List<Instant>> histories = population.events().stream()
                .filter(e -> e.customer().kind() == Kind.SILENT)
                .collect(Collectors.groupingBy(
                        e -> e.customer().key(), Collectors.mapping(PlannedEvent::timestamp, Collectors.toList())));
        assertThat(histories).isNotEmpty();
        histories.values().forEach(times -> assertThat(times).isSorted());
    }

    @Test
    void refusesTooFewEventsPerCustomer() {
        assertThatThrownBy(() -> Population.generate(List.of("a"), 100, 999, 1, START))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
