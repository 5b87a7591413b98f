package io.churnwatch.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.churnwatch.bench.chaos.GroundTruth.Answer;
import io.churnwatch.bench.chaos.Population.Customer;
import io.churnwatch.bench.chaos.Population.Kind;
import io.churnwatch.bench.chaos.Population.PlannedEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

    private final Customer ana = new Customer("t1", "ana", Kind.STEADY);
    private final Customer bob = new Customer("t1", "bob", Kind.COMPLAINER);
    private final GroundTruth truth = new GroundTruth(List.of(
            new PlannedEvent("e1", ana, "usage", null), new PlannedEvent("e2", ana, "login", null),
            new PlannedEvent("e3", bob, "complaint", null), new PlannedEvent("e4", bob, "usage", null)));

    @Test
    void anEventAcceptedThenAnsweredDuplicateOnRetryCountsOnce() {
        assertThat(truth.note("e1", Answer.ACCEPTED)).isTrue();
        assertThat(truth.note("e1", Answer.DUPLICATE)).isTrue();

        assertThat(truth.expectedPerCustomer()).containsExactlyEntriesOf(Map.of("t1:ana", 1L));
        assertThat(truth.confirmedByDuplicate()).isZero();
    }

    @Test
    void notAcceptedNeedsARetryAndCountsOnlyOnceSettled() {
        assertThat(truth.note("e3", Answer.NOT_ACCEPTED)).isFalse();
        assertThat(truth.expectedPerCustomer()).isEmpty();
        assertThat(truth.unsettled()).contains("e3");

        assertThat(truth.note("e3", Answer.NOT_ACCEPTED)).isFalse();
        assertThat(truth.note("e3", Answer.ACCEPTED)).isTrue();

        assertThat(truth.expectedPerCustomer()).containsExactlyEntriesOf(Map.of("t1:bob", 1L));
        assertThat(truth.unsettled()).doesNotContain("e3");
        assertThat(truth.answers(Answer.NOT_ACCEPTED)).isEqualTo(2);
    }

    @Test
    void aDuplicateFirstMeansAnEarlierAttemptWasWrittenAndCounts() {
        // the first attempt timed out on the client, the retry learns it had been written
        truth.note("e4", Answer.DUPLICATE);

        assertThat(truth.expectedPerCustomer()).containsExactlyEntriesOf(Map.of("t1:bob", 1L));
        assertThat(truth.confirmedByDuplicate()).isEqualTo(1);
    }

    @Test
    void countsPerCustomerOverManyAnswers() {
        truth.note("e1", Answer.ACCEPTED);
        truth.note("e2", Answer.NOT_ACCEPTED);
        truth.note("e2", Answer.DUPLICATE);
        truth.note("e3", Answer.ACCEPTED);
        truth.note("e4", Answer.REJECTED);

        assertThat(truth.expectedPerCustomer()).containsOnly(Map.entry("t1:ana", 2L), Map.entry("t1:bob", 1L));
        assertThat(truth.confirmedByCustomer().get("t1:ana")).containsExactly("e1", "e2");
        assertThat(truth.rejected()).containsExactly("e4");
        assertThat(truth.unsettled()).isEmpty();
    }

    @Test
    void anAnswerForAnIdNeverSentIsAnError() {
        assertThatThrownBy(() -> truth.note("nope", Answer.ACCEPTED)).isInstanceOf(IllegalArgumentException.class);
    }
}
