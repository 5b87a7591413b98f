package io.churnwatch.alert.delivery;

import io.churnwatch.events.RiskLevel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Everything one alert says, independent of the channel: who, how risky, what changed and by how
 * much, value, tenure, owner, the suggested playbook steps and the inbox link. Stored as JSON in the
 * outbox and rendered by each channel.
 *
 * @param purpose {@code new}, {@code escalated}, {@code reopened} or {@code unacknowledged}
 */
public record AlertMessage(
        String episodeId,
        String tenant,
        String customerId,
        String kind,
        String purpose,
        RiskLevel level,
        RiskLevel previousLevel,
        double score,
        double previousScore,
        List<Factor> factors,
        Double pAlive,
        BigDecimal mrr,
        Integer tenureDays,
        String segment,
        String owner,
        boolean ownerLeft,
        String assignee,
        List<String> playbookSteps,
        String link,
        Instant at) {

    /** One factor as the scoring service explained it. */
    public record Factor(String label, double contribution, double change) {}

    public double scoreChange() {
        return score - previousScore;
    }
}
