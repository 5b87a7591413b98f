package io.churnwatch.scoring.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.model.CustomerState;
import io.churnwatch.scoring.persistence.CustomerEntity;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateCacheTest {

    @Test
    void aRememberedStateIsReusedOnlyWhileTheRowHoldsItsDocument() {
        StateCache cache = new StateCache(config(10));
        CustomerEntity row = CustomerEntity.create("t", "c");
        CustomerState state = cache.take(row);
        state.setSegment("smb");
        row.store(state);
        cache.remember(List.of(row), List.of(state));

        assertThat(cache.take(row)).as("same document: the cached object").isSameAs(state);
        assertThat(cache.take(row))
                .as("taken entries are gone until the next commit")
                .isNotSameAs(state)
                .extracting(CustomerState::getSegment)
                .isEqualTo("smb");

        cache.remember(List.of(row), List.of(state));
        CustomerEntity changedElsewhere = CustomerEntity.create("t", "c");
        CustomerState other = changedElsewhere.toState();
        other.setSegment("enterprise");
        changedElsewhere.store(other);
        assertThat(cache.take(changedElsewhere))
                .as("another document: parsed from the row")
                .isNotSameAs(state)
                .extracting(CustomerState::getSegment)
                .isEqualTo("enterprise");
    }

    @Test
    void theCacheKeepsAtMostItsCapacityAndCanBeTurnedOff() {
        StateCache cache = new StateCache(config(2));
        for (String id : List.of("a", "b", "c")) {
            CustomerEntity row = CustomerEntity.create("t", id);
            cache.remember(List.of(row), List.of(row.toState()));
        }
        assertThat(cache.size()).isEqualTo(2);

        StateCache off = new StateCache(config(0));
        CustomerEntity row = CustomerEntity.create("t", "a");
        CustomerState state = row.toState();
        off.remember(List.of(row), List.of(state));
        assertThat(off.take(row)).isNotSameAs(state);
    }

    private static ScoringConfig config(int size) {
        return (ScoringConfig) Proxy.newProxyInstance(
                ScoringConfig.class.getClassLoader(),
                new Class<?>[] {ScoringConfig.class},
                (proxy, method, args) -> method.getName().equals("stateCacheSize") ? size : null);
    }
}
