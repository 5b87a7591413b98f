package io.churnwatch.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.events.Playbook;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every playbook the contract names reaches a person as words, not as its key. */
class PlaybooksTest {

    @Test
    void everyPlaybookOfTheContractHasItsStepText() {
        for (Playbook playbook : Playbook.values()) {
            assertThat(Playbooks.steps(List.of(playbook.wireName())))
                    .as(playbook.wireName())
                    .singleElement()
                    .isNotEqualTo(playbook.wireName());
        }
    }

    @Test
    void anUnknownPlaybookIsShownAsItIs() {
        assertThat(Playbooks.steps(List.of("call_the_ceo"))).containsExactly("call_the_ceo");
    }
}
