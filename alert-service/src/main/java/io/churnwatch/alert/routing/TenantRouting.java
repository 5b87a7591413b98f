package io.churnwatch.alert.routing;

import io.churnwatch.alert.persistence.Channel;
import io.churnwatch.alert.persistence.Episode;
import io.churnwatch.alert.persistence.Recipient;
import io.churnwatch.alert.persistence.RoutingRule;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One tenant's routing rules (in the order they are tried), recipients (oldest first) and channels, read
 * once for a whole batch of risk changes so that routing an episode needs no query.
 */
public record TenantRouting(List<RoutingRule> rules, List<Recipient> recipients, Map<UUID, Channel> channels) {

    /** The first enabled rule that matches the episode, or null. */
    public RoutingRule ruleFor(Episode episode) {
        return rules.stream()
                .filter(rule -> Router.matches(rule, episode))
                .findFirst()
                .orElse(null);
    }

    public Recipient recipient(UUID id) {
        return id == null
                ? null
                : recipients.stream().filter(r -> r.id.equals(id)).findFirst().orElse(null);
    }

    /** The active recipient whose email is the customer's owner trait (ignoring case). */
    public Recipient owner(String owner) {
        if (owner == null || owner.isBlank()) {
            return null;
        }
        String email = owner.trim().toLowerCase(Locale.ROOT);
        return recipients.stream()
                .filter(r -> r.active && r.email.toLowerCase(Locale.ROOT).equals(email))
                .findFirst()
                .orElse(null);
    }

    /** Active non-manager members of a team, in a stable order for the round robin. */
    public List<Recipient> teamMembers(String team) {
        return recipients.stream()
                .filter(r -> r.active && !r.manager && team.equals(r.team))
                .toList();
    }
}
