package io.churnwatch.alert.routing;

import io.churnwatch.alert.persistence.Channel;
import io.churnwatch.alert.persistence.Recipient;
import io.churnwatch.alert.persistence.RoutingRule;
import java.util.List;

/**
 * Where an episode's notification goes.
 *
 * @param rule the matching rule, or null when none matched (the owner's own channels are used)
 * @param assignee who works the episode, or null when nobody could be found
 * @param targets the channels (and addresses) to notify
 */
public record Route(RoutingRule rule, Recipient assignee, List<Target> targets) {

    /** One channel to notify; {@code recipient} is the person it belongs to, null for a shared channel. */
    public record Target(Channel channel, Recipient recipient, String address) {

        /** What the daily re-notification cap counts: the person, or the shared channel. */
        public String capKey() {
            return recipient != null ? recipient.id.toString() : channel.id.toString();
        }
    }
}
