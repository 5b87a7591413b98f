package io.churnwatch.alert.delivery;

import io.churnwatch.alert.persistence.ChannelType;
import io.churnwatch.alert.persistence.OutboxStore;
import java.util.List;

/**
 * Decides, per channel, which waiting messages go out alone and which are folded into one digest so
 * the channel's documented rate limit is kept and nothing is dropped.
 */
public final class FoldPlanner {

    /** Messages to send one by one, messages to fold into one digest, and messages to hold for the next window. */
    public record Plan<T>(List<T> individual, List<T> digest, List<T> waiting) {

        public int requests() {
            return individual.size() + (digest.isEmpty() ? 0 : 1);
        }
    }

    private FoldPlanner() {}

    /** Requests the channel may still take now: its per-minute and per-second limits less what the log shows. */
    public static int remaining(ChannelType type, OutboxStore.Usage usage) {
        int minute = type.perMinute() - usage.lastMinute();
        int second = type.perSecond() == 0 ? Integer.MAX_VALUE : type.perSecond() - usage.lastSecond();
        return Math.max(0, Math.min(minute, second));
    }

    /**
     * Requests a pass may spend now when {@code queued} more messages for the channel wait behind it: one request is
     * kept for each later pass (of up to {@code passSize} messages) so that it can still fold its messages into a
     * digest. Without the reserve a burst spends the minute's room on its first messages, and the rest waits for the
     * window to move on.
     */
    public static int spendable(int remaining, int queued, int passSize) {
        if (remaining <= 0 || queued <= 0) {
            return Math.max(0, remaining);
        }
        int reserve = (queued + passSize - 1) / passSize;
        return Math.max(1, remaining - reserve);
    }

    /**
     * With no room, everything waits; with room for all, each goes alone; otherwise all but the last
     * free request go alone and the rest are folded into one digest in that last request.
     */
    public static <T> Plan<T> plan(List<T> pending, int remaining) {
        if (remaining <= 0) {
            return new Plan<>(List.of(), List.of(), pending);
        }
        if (pending.size() <= remaining) {
            return new Plan<>(pending, List.of(), List.of());
        }
        int alone = remaining - 1;
        List<T> rest = pending.subList(alone, pending.size());
        return rest.size() == 1
                ? new Plan<>(pending.subList(0, alone + 1), List.of(), List.of())
                : new Plan<>(pending.subList(0, alone), rest, List.of());
    }
}
