package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.persistence.ChannelType;
import io.smallrye.mutiny.Uni;

/** Delivers one message (one alert, or a digest of several) to one kind of channel. */
public interface ChannelSender {

    ChannelType type();

    /** Sends; a failure is reported in the result, never as a failed Uni. */
    Uni<DeliveryResult> send(ChannelTarget channel, Delivery delivery);
}
