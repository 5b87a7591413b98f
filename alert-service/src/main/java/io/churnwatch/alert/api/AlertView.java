package io.churnwatch.alert.api;

import io.churnwatch.alert.delivery.Playbooks;
import io.churnwatch.alert.persistence.Episode;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An alert episode as the API shows it. */
public record AlertView(
        UUID id,
        String customerId,
        String kind,
        String state,
        RiskLevel level,
        double score,
        double priority,
        List<RiskFactor> topFactors,
        Double pAlive,
        BigDecimal mrr,
        Integer tenureDays,
        String segment,
        String owner,
        boolean ownerLeft,
        UUID assignee,
        UUID ruleId,
        List<String> playbooks,
        List<String> playbookSteps,
        Instant openedAt,
        Instant updatedAt,
        Instant acknowledgedAt,
        Instant snoozedUntil,
        Instant escalatedAt,
        Instant resolvedAt,
        String outcome,
        String reason,
        String resolutionNote,
        Instant wonBackAt,
        int reopenCount,
        int notifications,
        String link) {

    static AlertView of(Episode e, String inboxBaseUrl) {
        RiskChange change = ContractSerde.fromJson(e.lastChange.getBytes(StandardCharsets.UTF_8), RiskChange.class);
        return new AlertView(
                e.id,
                e.customerId,
                e.kind,
                e.state.wire(),
                e.level,
                e.score,
                e.priority,
                change.topFactors() == null ? List.of() : change.topFactors(),
                change.pAlive(),
                e.mrr,
                change.tenureDays(),
                e.segment,
                e.owner,
                e.ownerLeft,
                e.assignee,
                e.ruleId,
                change.playbooks() == null ? List.of() : change.playbooks(),
                Playbooks.steps(change.playbooks()),
                e.openedAt,
                e.updatedAt,
                e.acknowledgedAt,
                e.snoozedUntil,
                e.escalatedAt,
                e.resolvedAt,
                e.outcome,
                e.reason,
                e.resolutionNote,
                e.wonBackAt,
                e.reopenCount,
                e.notifications,
                inboxBaseUrl.replaceAll("/+$", "") + "/episodes/" + e.id);
    }
}
