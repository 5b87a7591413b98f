package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.persistence.ChannelType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;

/** The sender of each channel type. */
@ApplicationScoped
public class ChannelSenders {

    private final Map<ChannelType, ChannelSender> byType = new EnumMap<>(ChannelType.class);

    public ChannelSenders(Instance<ChannelSender> senders) {
        senders.forEach(sender -> byType.put(sender.type(), sender));
    }

    public ChannelSender of(ChannelType type) {
        ChannelSender sender = byType.get(type);
        if (sender == null) {
            throw new IllegalStateException("No sender for " + type);
        }
        return sender;
    }
}
