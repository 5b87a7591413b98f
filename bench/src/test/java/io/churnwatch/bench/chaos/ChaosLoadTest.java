package io.churnwatch.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.bench.chaos.Population.PlannedEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosLoadTest {

    @Test
    void batchesHoldOneTenantEachAndEveryEventOnce() {
        Population population = Population.generate(List.of("a", "b", "c"), 20, 700, 5, Instant.now());

        List<List<PlannedEvent>> batches = ChaosLoad.batches(population.events(), 25);

        assertThat(batches)
                .allMatch(b -> b.size() <= 25
                        && b.stream().map(e -> e.customer().tenant()).distinct().count() == 1);
        assertThat(batches.stream().flatMap(List::stream).toList())
                .containsExactlyInAnyOrderElementsOf(population.events());
    }
}
