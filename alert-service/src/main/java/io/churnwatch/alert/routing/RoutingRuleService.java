package io.churnwatch.alert.routing;

import io.churnwatch.alert.persistence.Ids;
import io.churnwatch.alert.persistence.RoutingRule;
import io.churnwatch.alert.persistence.RoutingRuleRepository;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.events.RiskLevel;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** A tenant's routing rules. */
@ApplicationScoped
public class RoutingRuleService {

    /** What a caller may set; null members of an update keep their value. */
    public record Changes(
            String name,
            Integer position,
            RiskLevel minLevel,
            String segment,
            BigDecimal minMrr,
            String team,
            List<UUID> channelIds,
            Duration escalateAfter,
            UUID escalateTo,
            Boolean enabled) {}

    private final RoutingRuleRepository rules;
    private final Clock clock;

    public RoutingRuleService(RoutingRuleRepository rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    public Uni<List<RoutingRule>> list(String tenant) {
        return rules.listForTenant(tenant);
    }

    public Uni<RoutingRule> get(String tenant, UUID id) {
        return rules.findForTenant(tenant, id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.of(ProblemType.NOT_FOUND, "No routing rule " + id));
    }

    @WithTransaction
    public Uni<RoutingRule> create(String tenant, Changes changes) {
        RoutingRule rule = new RoutingRule();
        rule.id = UUID.randomUUID();
        rule.tenant = tenant;
        rule.position = 100;
        rule.minLevel = RiskLevel.HIGH;
        rule.channelIds = Ids.format(List.of());
        rule.enabled = true;
        rule.createdAt = clock.instant();
        apply(rule, changes);
        return rules.persist(rule);
    }

    @WithTransaction
    public Uni<RoutingRule> update(String tenant, UUID id, Changes changes) {
        return get(tenant, id).invoke(rule -> apply(rule, changes));
    }

    @WithTransaction
    public Uni<Boolean> delete(String tenant, UUID id) {
        return rules.delete("tenant = ?1 and id = ?2", tenant, id).map(count -> count > 0);
    }

    private static void apply(RoutingRule rule, Changes changes) {
        if (changes.escalateAfter() != null
                && (changes.escalateAfter().isNegative()
                        || changes.escalateAfter().isZero())) {
            throw ProblemException.of(
                    ProblemType.INVALID_REQUEST, "'escalateAfter' must be a positive ISO-8601 duration such as PT4H");
        }
        rule.name = changes.name() != null ? changes.name() : rule.name;
        rule.position = changes.position() != null ? changes.position() : rule.position;
        rule.minLevel = changes.minLevel() != null ? changes.minLevel() : rule.minLevel;
        rule.segment =
                changes.segment() != null ? (changes.segment().isBlank() ? null : changes.segment()) : rule.segment;
        rule.minMrr = changes.minMrr() != null ? changes.minMrr() : rule.minMrr;
        rule.team = changes.team() != null ? (changes.team().isBlank() ? null : changes.team()) : rule.team;
        rule.channelIds = changes.channelIds() != null ? Ids.format(changes.channelIds()) : rule.channelIds;
        rule.escalateAfterSeconds = changes.escalateAfter() != null
                ? (Long) changes.escalateAfter().toSeconds()
                : rule.escalateAfterSeconds;
        rule.escalateTo = changes.escalateTo() != null ? changes.escalateTo() : rule.escalateTo;
        rule.enabled = changes.enabled() != null ? changes.enabled() : rule.enabled;
    }
}
