package io.churnwatch.alert.routing;

import io.churnwatch.alert.persistence.Channel;
import io.churnwatch.alert.persistence.ChannelRepository;
import io.churnwatch.alert.persistence.ChannelType;
import io.churnwatch.alert.persistence.Episode;
import io.churnwatch.alert.persistence.Ids;
import io.churnwatch.alert.persistence.Recipient;
import io.churnwatch.alert.persistence.RecipientRepository;
import io.churnwatch.alert.persistence.RoutingRule;
import io.churnwatch.alert.persistence.RoutingRuleRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Picks an episode's rule, assignee and channels: the first enabled rule (by position) whose level,
 * segment and value match; the customer's owner as assignee, or when there is none (or the owner left)
 * the rule's team in round robin; the assignee's own channels plus the rule's channels.
 */
@ApplicationScoped
public class Router {

    private final RoutingRuleRepository rules;
    private final RecipientRepository recipients;
    private final ChannelRepository channels;

    public Router(RoutingRuleRepository rules, RecipientRepository recipients, ChannelRepository channels) {
        this.rules = rules;
        this.recipients = recipients;
        this.channels = channels;
    }

    /** The tenant's rules, recipients and channels, for routing any number of its episodes without further queries. */
    public Uni<TenantRouting> routing(String tenant) {
        return rules.listForTenant(tenant)
                .chain(ruleList -> recipients
                        .listForTenant(tenant)
                        .chain(recipientList -> channels.listForTenant(tenant)
                                .map(channelList -> new TenantRouting(
                                        ruleList,
                                        recipientList,
                                        channelList.stream()
                                                .collect(Collectors.toMap(c -> c.id, Function.identity()))))));
    }

    /**
     * Routes an episode; {@code reassign} forces a new assignee (the owner left). Runs inside the caller's transaction:
     * only a team's turn is read and written there.
     */
    public Uni<Route> route(Episode episode, boolean reassign, TenantRouting routing, TeamTurns turns) {
        RoutingRule rule = routing.ruleFor(episode);
        return assignee(episode, rule, reassign, routing, turns)
                .map(assignee -> new Route(rule, assignee, targets(rule, assignee, routing.channels())));
    }

    /** The manager a rule escalates to, with the manager's channels. */
    public Uni<Route> escalation(Episode episode, RoutingRule rule) {
        return recipients.findForTenant(episode.tenant, rule.escalateTo).chain(manager -> {
            if (manager == null || !manager.active) {
                return Uni.createFrom().item(new Route(rule, null, List.of()));
            }
            return channels.findAll(episode.tenant, Ids.parse(manager.channelIds))
                    .map(found -> new Route(
                            rule,
                            manager,
                            targets(
                                    null,
                                    manager,
                                    found.stream().collect(Collectors.toMap(c -> c.id, Function.identity())))));
        });
    }

    static boolean matches(RoutingRule rule, Episode episode) {
        return rule.enabled
                && episode.level.isAtLeast(rule.minLevel)
                && (rule.segment == null || rule.segment.equalsIgnoreCase(episode.segment))
                && (rule.minMrr == null || (episode.mrr != null && episode.mrr.compareTo(rule.minMrr) >= 0));
    }

    private static Uni<Recipient> assignee(
            Episode episode, RoutingRule rule, boolean reassign, TenantRouting routing, TeamTurns turns) {
        Recipient current = reassign ? null : routing.recipient(episode.assignee);
        if (current != null && current.active) {
            return Uni.createFrom().item(current);
        }
        Recipient owner = episode.ownerLeft ? null : routing.owner(episode.owner);
        if (owner != null || rule == null || rule.team == null) {
            return Uni.createFrom().item(owner);
        }
        List<Recipient> members = routing.teamMembers(rule.team);
        if (members.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return turns.next(episode.tenant, rule.team).map(turn -> members.get((int) (turn % members.size())));
    }

    private static List<Route.Target> targets(RoutingRule rule, Recipient assignee, Map<UUID, Channel> byId) {
        Set<UUID> personal = new LinkedHashSet<>(assignee == null ? List.of() : Ids.parse(assignee.channelIds));
        Set<UUID> shared = new LinkedHashSet<>(rule == null ? List.of() : Ids.parse(rule.channelIds));
        shared.removeAll(personal);
        Set<UUID> all = new LinkedHashSet<>(personal);
        all.addAll(shared);
        List<Route.Target> targets = new ArrayList<>();
        for (UUID id : all) {
            Channel channel = byId.get(id);
            if (channel == null) {
                continue;
            }
            Recipient owner = personal.contains(id) ? assignee : null;
            String address = channel.type == ChannelType.EMAIL ? emailAddress(channel, assignee) : null;
            if (channel.type == ChannelType.EMAIL && address == null) {
                continue;
            }
            targets.add(new Route.Target(channel, owner, address));
        }
        return targets;
    }

    private static String emailAddress(Channel channel, Recipient assignee) {
        if (channel.target != null && !channel.target.isBlank()) {
            return channel.target;
        }
        return assignee == null ? null : assignee.email;
    }
}
