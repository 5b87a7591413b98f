package io.churnwatch.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.alert.persistence.ChannelType;
import io.churnwatch.alert.persistence.OutboxStore;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How waiting messages are split into single sends, one digest and the rest for the next window. */
class FoldPlannerTest {

    @ParameterizedTest(name = "{0} waiting, room for {1}: {2} alone, {3} in the digest, {4} wait")
    @CsvSource({"3, 5, 3, 0, 0", "5, 5, 5, 0, 0", "25, 20, 19, 6, 0", "3, 1, 0, 3, 0", "2, 2, 2, 0, 0", "4, 0, 0, 0, 4"
    })
    void planKeepsTheLimitAndDropsNothing(int waiting, int room, int alone, int folded, int held) {
        List<Integer> pending = IntStream.range(0, waiting).boxed().toList();
        FoldPlanner.Plan<Integer> plan = FoldPlanner.plan(pending, room);
        assertThat(plan.individual()).hasSize(alone);
        assertThat(plan.digest()).hasSize(folded);
        assertThat(plan.waiting()).hasSize(held);
        assertThat(plan.individual().size()
                        + plan.digest().size()
                        + plan.waiting().size())
                .isEqualTo(waiting);
        assertThat(plan.requests()).isLessThanOrEqualTo(Math.max(room, 0));
    }

    @ParameterizedTest(name = "{0} after {1} this minute and {2} this second: room for {3}")
    @CsvSource({
        "DINGTALK, 0, 0, 20",
        "DINGTALK, 18, 0, 2",
        "WECOM, 25, 0, 0",
        "FEISHU, 10, 0, 5",
        "FEISHU, 10, 4, 1",
        "FEISHU, 99, 0, 1",
        "SLACK, 3, 1, 0",
        "SLACK, 3, 0, 1"
    })
    void roomIsTheTighterOfTheDocumentedLimits(ChannelType type, int lastMinute, int lastSecond, int room) {
        assertThat(FoldPlanner.remaining(type, new OutboxStore.Usage(lastMinute, lastSecond)))
                .isEqualTo(room);
    }

    @ParameterizedTest(name = "room for {0}, {1} more queued behind a pass of {2}: spend {3}")
    @CsvSource({
        "420, 0, 200, 420",
        "420, 1800, 200, 411",
        "20, 1400, 200, 13",
        "7, 1200, 200, 1",
        "1, 5000, 200, 1",
        "0, 300, 200, 0",
        "5, 1, 200, 4"
    })
    void aBacklogKeepsOneRequestForEachLaterPass(int room, int queued, int passSize, int spendable) {
        assertThat(FoldPlanner.spendable(room, queued, passSize)).isEqualTo(spendable);
    }
}
