package io.churnwatch.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.bench.chaos.PoisonMessages.DeadLetter;
import io.churnwatch.events.ContractLimits;
import io.churnwatch.events.ContractSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScaleOutChecksTest {

    @Test
    void poisonIngestAcceptedIsMatchedByKeyAndMessageIdOnly() {
        PoisonMessages poison = new PoisonMessages("unused:9092", "t1");
        poison.expectWrittenByIngest("t1:chaos-storage-rest-mrr", "accepted poison", "m-1");
        String customer = "chaos-storage-rest-mrr";
        Instant now = Instant.now();
        byte[] asIngestWroteIt = ContractSerde.toJson(StoragePoison.Value.MRR.event("m-1", "t1", customer, now));
        byte[] another = ContractSerde.toJson(StoragePoison.Value.MRR.event("m-2", "t1", customer, now));

        assertThat(poison.matches(new DeadLetter("t1:chaos-storage-rest-mrr", asIngestWroteIt, "overflow")))
                .isTrue();
        assertThat(poison.matches(new DeadLetter("t1:chaos-storage-rest-mrr", another, "overflow")))
                .isFalse();
        assertThat(poison.matches(new DeadLetter("t1:someone-else", asIngestWroteIt, "overflow")))
                .isFalse();
        byte[] notJson = "not JSON".getBytes(StandardCharsets.UTF_8);
        assertThat(poison.matches(new DeadLetter("t1:chaos-storage-rest-mrr", notJson, "unreadable")))
                .isFalse();
    }

    @Test
    void storagePoisonValuesAreOutsideWhatTheContractAllows() {
        Instant now = Instant.now();
        var mrr = StoragePoison.Value.MRR.event("m", "t1", "c", now);
        var signup = StoragePoison.Value.SIGNUP_DATE.event("m", "t1", "c", now);
        var late = StoragePoison.Value.YEAR_10000.event("m", "t1", "c", now);
        var early = StoragePoison.Value.YEAR_1.event("m", "t1", "c", now);

        assertThat(ContractLimits.isMoney(mrr.traits().mrr())).isFalse();
        assertThat(ContractLimits.isDate(signup.traits().signupDate())).isFalse();
        assertThat(ContractLimits.isInstant(late.timestamp())).isFalse();
        assertThat(ContractLimits.isInstant(early.timestamp())).isFalse();
        assertThat(new String(ContractSerde.toJson(mrr), StandardCharsets.UTF_8))
                .contains("999999999999999.99995");
        assertThat(new String(ContractSerde.toJson(signup), StandardCharsets.UTF_8))
                .contains("+9999999-01-01");
    }

    @Test
    void partitionsMovedFailsWhenOneMoveDidNotSettle() {
        Map<String, GroupOwners.Settled> settled = new LinkedHashMap<>();
        settled.put(
                "scoring at the start",
                new GroupOwners.Settled(
                        "churnwatch-scoring",
                        true,
                        Duration.ofSeconds(1),
                        Map.of("scoring-service-1", Set.of(0, 1, 2), "scoring-service-2", Set.of(3, 4, 5))));
        assertThat(ChaosChecks.partitionsMoved(settled).passed()).isTrue();

        settled.put(
                "scoring after SIGKILL scoring-service-1",
                new GroupOwners.Settled(
                        "churnwatch-scoring",
                        false,
                        Duration.ofSeconds(90),
                        Map.of("scoring-service-2", Set.of(3, 4, 5))));
        ChaosChecks.Check check = ChaosChecks.partitionsMoved(settled);
        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).contains("NOT settled within 90.0 s");
        assertThat(ChaosChecks.partitionsMoved(Map.of()).passed()).isFalse();
    }

    @Test
    void ingestAnswersOtherThan400Or202FailTheStoragePoisonCheck() {
        var expected = new StoragePoison.IngestAnswers(Map.of(400, 2, 202, 2));
        var serverError = new StoragePoison.IngestAnswers(Map.of(400, 3, 500, 1));

        assertThat(ChaosChecks.storagePoisonAtIngest(expected).passed()).isTrue();
        assertThat(ChaosChecks.storagePoisonAtIngest(serverError).passed()).isFalse();
    }
}
