package io.churnwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.churnwatch.events.ContractJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayOptionsTest {

    @Test
    void outcomesAreFedAndNothingSweptByDefault() {
        ReplayEvaluator.Options o = ReplayEvaluator.parse(new String[] {"e.jsonl", "l.jsonl"});

        assertThat(o.outcomes()).isTrue();
        assertThat(o.policy()).isNull();
        assertThat(o.sweep()).isFalse();
        assertThat(o.thresholds()).hasSize(19).startsWith(5.0).endsWith(95.0);
        assertThat(o.hysteresis()).isNull();
    }

    @Test
    void newOptionsAreRead(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.json"), "{}");
        ReplayEvaluator.Options o = ReplayEvaluator.parse(new String[] {
            "e.jsonl",
            "--no-outcomes",
            "--policy",
            policy.toString(),
            "--sweep",
            "--thresholds",
            "10:30:10",
            "--hysteresis",
            "0.9",
            "l.jsonl",
            "--alerts-out",
            "changes.jsonl"
        });

        assertThat(o.events()).isEqualTo(Path.of("e.jsonl"));
        assertThat(o.labels()).isEqualTo(Path.of("l.jsonl"));
        assertThat(o.outcomes()).isFalse();
        assertThat(o.policy()).isEqualTo(policy);
        assertThat(o.sweep()).isTrue();
        assertThat(o.thresholds()).containsExactly(10.0, 20.0, 30.0);
        assertThat(o.hysteresis()).isEqualTo(0.9);
        assertThat(o.changesOut()).isEqualTo(Path.of("changes.jsonl"));
    }

    @Test
    void badOptionsAreRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> ReplayEvaluator.parse(new String[] {
                    "e", "l", "--policy", dir.resolve("missing.json").toString()
                }))
                .hasMessageContaining("missing.json");
        assertThatThrownBy(() -> ReplayEvaluator.parse(new String[] {"e", "l", "--hysteresis", "1.5"}))
                .hasMessageContaining("hysteresis");
        assertThatThrownBy(() -> ReplayEvaluator.parse(new String[] {"e", "l", "--thresholds", "0:10:5"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSweepsHysteresisIsThePolicysElseTheDefaultThresholds() throws Exception {
        var policy = ContractJson.mapper()
                .readTree(
                        "{\"tenantDefault\":{\"thresholds\":{\"enterMedium\":30,\"leaveMedium\":20,"
                                + "\"enterHigh\":50,\"leaveHigh\":40,\"enterCritical\":80,\"leaveCritical\":70}},\"segments\":{}}");

        assertThat(ReplayEvaluator.policyHysteresis(policy)).isCloseTo(0.8, within(1e-12));
        assertThat(ReplayEvaluator.policyHysteresis(ContractJson.mapper().readTree("{\"segments\":{}}")))
                .isCloseTo(60 / 70.0, within(1e-12));
        assertThat(ReplayEvaluator.policyHysteresis(null)).isCloseTo(60 / 70.0, within(1e-12));
        assertThat(ReplayEvaluator.policyHysteresis(
                        ContractJson.mapper().readTree("{\"tenantDefault\":{\"learning\":{\"setsLevels\":true}}}")))
                .as("the learned model sets the levels: its default thresholds, high from 30 left below 20")
                .isCloseTo(20 / 30.0, within(1e-12));
    }
}
