package io.churnwatch.alert.service;

import io.churnwatch.alert.persistence.Channel;
import io.churnwatch.alert.persistence.ChannelRepository;
import io.churnwatch.alert.persistence.ChannelType;
import io.churnwatch.alert.persistence.Episode;
import io.churnwatch.alert.persistence.Recipient;
import io.churnwatch.alert.persistence.RecipientRepository;
import io.churnwatch.alert.persistence.RoutingRule;
import io.churnwatch.alert.persistence.RoutingRuleRepository;
import io.churnwatch.alert.persistence.TeamCursor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
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

    /** Routes an episode; {@code reassign} forces a new assignee (the owner left). Runs inside the caller's transaction. */
    public Uni<Route> route(Episode episode, boolean reassign) {
        return rules.listForTenant(episode.tenant)
                .map(all -> all.stream().filter(rule -> matches(rule, episode)).findFirst().orElse(null))
                .chain(rule -> assignee(episode, rule, reassign)
                        .chain(assignee -> targets(episode.tenant, rule, assignee).map(targets -> new Route(rule, assignee, targets))));
    }

    /** The manager a rule escalates to, with the manager's channels. */
    public Uni<Route> escalation(Episode episode, RoutingRule rule) {
        return recipients.findForTenant(episode.tenant, rule.escalateTo)
                .chain(manager -> manager == null || !manager.active
                        ? Uni.createFrom().item(new Route(rule, null, List.of()))
                        : targets(episode.tenant, null, manager).map(targets -> new Route(rule, manager, targets)));
    }

    static boolean matches(RoutingRule rule, Episode episode) {
        return rule.enabled
                && episode.level.isAtLeast(rule.minLevel)
                && (rule.segment == null || rule.segment.equalsIgnoreCase(episode.segment))
                && (rule.minMrr == null || (episode.mrr != null && episode.mrr.compareTo(rule.minMrr) >= 0));
    }

    private Uni<Recipient> assignee(Episode episode, RoutingRule rule, boolean reassign) {
        Uni<Recipient> current = episode.assignee != null && !reassign
                ? recipients.findForTenant(episode.tenant, episode.assignee)
                : Uni.createFrom().nullItem();
        return current.chain(found -> {
            if (found != null && found.active) {
                return Uni.createFrom().item(found);
            }
            Uni<Recipient> owner = episode.ownerLeft ? Uni.createFrom().nullItem() : recipients.findOwner(episode.tenant, episode.owner);
            return owner.chain(o -> o != null || rule == null || rule.team == null ? Uni.createFrom().item(o) : nextInTeam(episode.tenant, rule.team));
        });
    }

    /** Round robin over the team's active members; the turn is kept per tenant and team under a row lock. */
    private Uni<Recipient> nextInTeam(String tenant, String team) {
        return recipients.teamMembers(tenant, team).chain(members -> {
            if (members.isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            String id = tenant + "/" + team;
            return TeamCursor.<TeamCursor>findById(id, LockModeType.PESSIMISTIC_WRITE).chain(cursor -> {
                if (cursor == null) {
                    TeamCursor fresh = new TeamCursor();
                    fresh.id = id;
                    fresh.turn = 1;
                    return fresh.persist().replaceWith(members.get(0));
                }
                Recipient next = members.get((int) (cursor.turn % members.size()));
                cursor.turn++;
                return Uni.createFrom().item(next);
            });
        });
    }

    private Uni<List<Route.Target>> targets(String tenant, RoutingRule rule, Recipient assignee) {
        Set<UUID> personal = new LinkedHashSet<>(assignee == null ? List.of() : Ids.parse(assignee.channelIds));
        Set<UUID> shared = new LinkedHashSet<>(rule == null ? List.of() : Ids.parse(rule.channelIds));
        shared.removeAll(personal);
        Set<UUID> all = new LinkedHashSet<>(personal);
        all.addAll(shared);
        return channels.findAll(tenant, all).map(found -> {
            Map<UUID, Channel> byId = found.stream().collect(Collectors.toMap(c -> c.id, Function.identity()));
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
        });
    }

    private static String emailAddress(Channel channel, Recipient assignee) {
        if (channel.target != null && !channel.target.isBlank()) {
            return channel.target;
        }
        return assignee == null ? null : assignee.email;
    }
}
