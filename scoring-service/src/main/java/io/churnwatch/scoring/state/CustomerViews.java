package io.churnwatch.scoring.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The customer answers of the REST API. */
public final class CustomerViews {

    private CustomerViews() {}

    /** GET /v1/customers/{id}/risk. */
    public record Risk(
            String customerId,
            double score,
            RiskLevel level,
            List<RiskFactor> factors,
            Double pAlive,
            double priority,
            String status,
            String segment,
            String owner,
            BigDecimal mrr,
            Integer tenureDays,
            Instant scoredAt,
            Instant nextDueAt) {}

    /** One event of the timeline. */
    public record TimelineEvent(String messageId, String type, Instant at, JsonNode properties) {}

    /** One score of the timeline. */
    public record TimelineScore(
            Instant at, double score, RiskLevel level, double priority, Double pAlive, String cause) {}

    /** GET /v1/customers/{id}/timeline: the latest events and scores, oldest first. */
    public record Timeline(String customerId, List<TimelineEvent> events, List<TimelineScore> scores) {}

    /** One row of the customer list. */
    public record Summary(
            String customerId,
            double score,
            RiskLevel level,
            double priority,
            String segment,
            String owner,
            BigDecimal mrr,
            String status) {}

    /** GET /v1/customers: one page. */
    /** A page of the list; {@code nextCursor} opens the next page ({@code ?cursor=}), null on the last one. */
    public record Page(int page, int size, long total, List<Summary> items, String nextCursor) {}
}
