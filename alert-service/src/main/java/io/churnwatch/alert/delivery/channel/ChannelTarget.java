package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.persistence.ChannelType;
import java.util.UUID;

/** A channel as the relay sends to it. Its URL and secret never appear in {@link #toString()}. */
public record ChannelTarget(UUID id, ChannelType type, String url, String secret) {

    @Override
    public String toString() {
        return "ChannelTarget[" + type + " " + id + "]";
    }
}
